import {
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  type SFNClient,
} from "@aws-sdk/client-sfn";
import type { TaskResults } from "../../core/ports/task-results.ts";
import {
  isTaskTokenGoneReason,
  TaskTokenGoneError,
} from "../../core/ports/task-token-gone-error.ts";

/** The longest `error` Step Functions accepts (SendTaskFailure, StopExecution; characters). */
export const MAX_TASK_ERROR = 256;
/** The longest `cause` Step Functions accepts (SendTaskFailure, StopExecution; characters). */
export const MAX_TASK_CAUSE = 32_768;

/** Runs a call, turning Step Functions' refusals of a stale token into {@link TaskTokenGoneError}. */
async function resuming(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (error instanceof Error && isTaskTokenGoneReason(error.name)) {
      throw new TaskTokenGoneError(error.name);
    }
    throw error;
  }
}

/**
 * {@link TaskResults} on Step Functions: SendTaskSuccess, SendTaskFailure and
 * SendTaskHeartbeat. `TaskTimedOut`, `TaskDoesNotExist` and `InvalidToken` become
 * {@link TaskTokenGoneError} with that reason; any other error is thrown as it is (the SDK
 * already retried throttling and 5xx).
 *
 * A failure's `error` is cut to {@link MAX_TASK_ERROR} and its `cause` to
 * {@link MAX_TASK_CAUSE} characters, as AWS requires. That is a last guard only: operations
 * keep causes far below it (a decision's output, a plugin's failure output), because the
 * cause lands in the machine's state, which has 256 KiB for everything.
 *
 * @example
 * const tasks = new SfnTaskResults(sfnClient());
 * await tasks.succeed(token, { outcome: "approved", output: { decidedBy: ["al"] } });
 */
export class SfnTaskResults implements TaskResults {
  private readonly client: SFNClient;

  constructor(client: SFNClient) {
    this.client = client;
  }

  succeed(token: string, output: Record<string, unknown>): Promise<void> {
    return resuming(
      this.client.send(
        new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output) }),
      ),
    );
  }

  fail(token: string, error: string, cause: string): Promise<void> {
    return resuming(
      this.client.send(
        new SendTaskFailureCommand({
          taskToken: token,
          error: error.slice(0, MAX_TASK_ERROR),
          cause: cause.slice(0, MAX_TASK_CAUSE),
        }),
      ),
    );
  }

  heartbeat(token: string): Promise<void> {
    return resuming(this.client.send(new SendTaskHeartbeatCommand({ taskToken: token })));
  }
}
