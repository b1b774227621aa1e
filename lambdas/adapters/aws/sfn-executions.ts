import {
  DescribeExecutionCommand,
  type SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from "@aws-sdk/client-sfn";
import type { ExecutionInput, ExecutionOutput } from "../../core/contract/handler-payloads.ts";
import type { ExecutionDescription, Executions } from "../../core/ports/executions.ts";
import { MAX_TASK_CAUSE } from "./sfn-task-results.ts";

/**
 * The state machine that runs a template version: an alias (or version) ARN, e.g.
 * `arn:aws:states:eu-west-1:123456789012:stateMachine:baton-prod-expense-v3:live`
 * (`liveStateMachineArnOf`); throws when the version is not deployed.
 */
export type StateMachineArnOf = (templateId: string, templateVersion: number) => string;

/**
 * The ARN of the execution named `name` of a state machine, given by its plain, version or
 * alias ARN: executions belong to the state machine whichever qualifier started them.
 */
function executionArn(stateMachineArn: string, name: string): string {
  const [arn, partition, service, region, account, kind, machine] = stateMachineArn.split(":");
  if (arn !== "arn" || service !== "states" || kind !== "stateMachine" || !machine) {
    throw new TypeError(`not a state machine ARN: ${stateMachineArn}`);
  }
  return `arn:${partition}:states:${region}:${account}:execution:${machine}:${name}`;
}

/**
 * {@link Executions} on Step Functions: StartExecution of the template version's state
 * machine, named as asked, StopExecution and DescribeExecution. Starting a name that was started before —
 * `ExecutionAlreadyExists`, which Step Functions answers when that execution has ended or
 * had another input (a running one with the same input just answers its ARN) — returns the
 * existing execution's ARN: it was the same start, retried.
 *
 * @example
 * const executions = new SfnExecutions(sfnClient(), liveStateMachineArnOf(prefix, templates));
 * const arn = await executions.start("expense", 3, instanceId, input);
 */
export class SfnExecutions implements Executions {
  private readonly client: SFNClient;
  private readonly stateMachineArn: StateMachineArnOf;

  constructor(client: SFNClient, stateMachineArn: StateMachineArnOf) {
    this.client = client;
    this.stateMachineArn = stateMachineArn;
  }

  async start(
    templateId: string,
    templateVersion: number,
    name: string,
    input: ExecutionInput,
  ): Promise<string> {
    const stateMachineArn = this.stateMachineArn(templateId, templateVersion);
    try {
      const { executionArn: started } = await this.client.send(
        new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }),
      );
      if (!started) throw new TypeError("StartExecution answered no executionArn");
      return started;
    } catch (error) {
      if (error instanceof Error && error.name === "ExecutionAlreadyExists") {
        return executionArn(stateMachineArn, name);
      }
      throw error;
    }
  }

  /** Stops the execution; one that does not exist (any more) has nothing to stop. */
  async stop(executionId: string, cause: string): Promise<void> {
    try {
      await this.client.send(
        new StopExecutionCommand({
          executionArn: executionId,
          cause: cause.slice(0, MAX_TASK_CAUSE),
        }),
      );
    } catch (error) {
      if (error instanceof Error && error.name === "ExecutionDoesNotExist") return;
      throw error;
    }
  }

  /**
   * Reads the execution with DescribeExecution: `PENDING_REDRIVE` (a redrive is on its way)
   * counts as running; an execution Step Functions does not know (any more: it forgets closed
   * ones after 90 days) is `undefined`.
   */
  async describe(executionId: string): Promise<ExecutionDescription | undefined> {
    try {
      const described = await this.client.send(
        new DescribeExecutionCommand({ executionArn: executionId }),
      );
      const status = described.status ?? "RUNNING";
      if (status === "RUNNING" || status === "PENDING_REDRIVE") return { status: "RUNNING" };
      const cause = [described.error, described.cause].filter((part) => part).join(": ");
      return {
        status,
        ...(cause === "" ? {} : { cause }),
        ...(status === "SUCCEEDED" && described.output
          ? { output: JSON.parse(described.output) as ExecutionOutput }
          : {}),
      };
    } catch (error) {
      if (error instanceof Error && error.name === "ExecutionDoesNotExist") return undefined;
      throw error;
    }
  }
}
