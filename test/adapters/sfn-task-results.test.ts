import {
  InvalidArn,
  InvalidToken,
  SFNClient,
  TaskDoesNotExist,
  TaskTimedOut,
} from "@aws-sdk/client-sfn";
import { describe, expect, it } from "vitest";
import {
  MAX_TASK_CAUSE,
  MAX_TASK_ERROR,
  SfnTaskResults,
} from "../../lambdas/adapters/aws/sfn-task-results.ts";
import { TaskTokenGoneError } from "../../lambdas/core/ports/task-token-gone-error.ts";
import { answerAwsRequests } from "../support/answer-aws-requests.ts";

// Step Functions' refusals of a stale token (and a long cause) are injected through the
// client's middleware stack: no emulator on this machine answers them on demand.
const sfn = () => new SFNClient({ region: "us-east-1" });
const $metadata = {};

describe("SfnTaskResults", () => {
  it.each([
    ["TaskTimedOut", () => new TaskTimedOut({ message: "Task Timed Out", $metadata })],
    ["TaskDoesNotExist", () => new TaskDoesNotExist({ message: "gone", $metadata })],
    ["InvalidToken", () => new InvalidToken({ message: "Invalid token", $metadata })],
  ])("turns %s into TaskTokenGoneError with that reason", async (reason, refusal) => {
    const client = sfn();
    answerAwsRequests(client, () => {
      throw refusal();
    });
    const tasks = new SfnTaskResults(client);

    for (const resume of [
      () => tasks.succeed("tok", { outcome: "approved", output: {} }),
      () => tasks.fail("tok", "Baton.Rejected", "{}"),
      () => tasks.heartbeat("tok"),
    ]) {
      const error = await resume().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TaskTokenGoneError);
      expect((error as TaskTokenGoneError).reason).toBe(reason);
    }
  });

  it("throws any other error as it is", async () => {
    const client = sfn();
    answerAwsRequests(client, () => {
      throw new InvalidArn({ message: "not an ARN", $metadata });
    });

    await expect(new SfnTaskResults(client).heartbeat("tok")).rejects.toBeInstanceOf(InvalidArn);
  });

  it("sends the output as JSON, and cuts a failure's error and cause to what AWS accepts", async () => {
    const client = sfn();
    const sent = answerAwsRequests(client, () => ({}));
    const tasks = new SfnTaskResults(client);

    await tasks.succeed("tok-1", { outcome: "approved", output: { decidedBy: ["al"] } });
    await tasks.fail("tok-2", "E".repeat(300), "c".repeat(40_000));

    expect(sent).toEqual([
      {
        command: "SendTaskSuccessCommand",
        input: {
          taskToken: "tok-1",
          output: JSON.stringify({ outcome: "approved", output: { decidedBy: ["al"] } }),
        },
      },
      {
        command: "SendTaskFailureCommand",
        input: {
          taskToken: "tok-2",
          error: "E".repeat(MAX_TASK_ERROR),
          cause: "c".repeat(MAX_TASK_CAUSE),
        },
      },
    ]);
  });
});
