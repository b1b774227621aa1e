import { ExecutionAlreadyExists, ExecutionDoesNotExist, SFNClient } from "@aws-sdk/client-sfn";
import { describe, expect, it } from "vitest";
import { SfnExecutions } from "../../lambdas/adapters/aws/sfn-executions.ts";
import type { ExecutionInput } from "../../lambdas/core/contract/handler-payloads.ts";
import { answerAwsRequests } from "../support/answer-aws-requests.ts";

// Step Functions' ExecutionAlreadyExists and ExecutionDoesNotExist, and DescribeExecution's
// answers for each status, are injected through the client's middleware stack: no emulator on
// this machine answers them on demand.
const $metadata = {};
const ALIAS = "arn:aws:states:eu-west-1:123456789012:stateMachine:baton-expense:v3";
const input: ExecutionInput = { instance: { tenant: "default", id: "01J" }, input: {}, nodes: {} };

function executions(answer: (command: string) => object) {
  const client = new SFNClient({ region: "eu-west-1" });
  const sent = answerAwsRequests(client, answer);
  const resolved: string[] = [];
  const adapter = new SfnExecutions(client, (templateId, version) => {
    resolved.push(`${templateId} v${version}`);
    return ALIAS;
  });
  return { adapter, sent, resolved };
}

describe("SfnExecutions", () => {
  it("answers a second start of the same name with the existing execution's ARN", async () => {
    const { adapter, sent, resolved } = executions(() => {
      throw new ExecutionAlreadyExists({ message: "Execution Already Exists", $metadata });
    });

    const arn = await adapter.start("expense", 3, "01J", input);

    expect(arn).toBe("arn:aws:states:eu-west-1:123456789012:execution:baton-expense:01J");
    expect(resolved).toEqual(["expense v3"]);
    expect(sent).toEqual([
      {
        command: "StartExecutionCommand",
        input: { stateMachineArn: ALIAS, name: "01J", input: JSON.stringify(input) },
      },
    ]);
  });

  it("treats an execution that does not exist as stopped already", async () => {
    const { adapter, sent } = executions(() => {
      throw new ExecutionDoesNotExist({ message: "Execution Does Not Exist", $metadata });
    });
    const arn = "arn:aws:states:eu-west-1:123456789012:execution:baton-expense:01J";

    await adapter.stop(arn, "withdrawn by rita");

    expect(sent).toEqual([
      { command: "StopExecutionCommand", input: { executionArn: arn, cause: "withdrawn by rita" } },
    ]);
  });

  it("describes an ended execution with its error and cause, a succeeded one with its output", async () => {
    const arn = "arn:aws:states:eu-west-1:123456789012:execution:baton-expense:01J";
    const output = { status: "completed", nodes: { notify: { outcome: "succeeded" } } };
    const answers = [
      { status: "FAILED", error: "States.DataLimitExceeded", cause: "too large" },
      { status: "TIMED_OUT" },
      { status: "ABORTED", cause: "stopped by ops" },
      { status: "SUCCEEDED", output: JSON.stringify(output) },
      { status: "RUNNING" },
      { status: "PENDING_REDRIVE" },
    ];
    const { adapter, sent } = executions(() => ({
      executionArn: arn,
      ...answers[sent.length - 1],
    }));

    const described = [];
    for (const _ of answers) described.push(await adapter.describe(arn));

    expect(described).toEqual([
      { status: "FAILED", cause: "States.DataLimitExceeded: too large" },
      { status: "TIMED_OUT" },
      { status: "ABORTED", cause: "stopped by ops" },
      { status: "SUCCEEDED", output },
      { status: "RUNNING" },
      { status: "RUNNING" },
    ]);
    expect(sent[0]).toEqual({ command: "DescribeExecutionCommand", input: { executionArn: arn } });
  });

  it("describes an execution Step Functions does not know as undefined", async () => {
    const { adapter } = executions(() => {
      throw new ExecutionDoesNotExist({ message: "Execution Does Not Exist", $metadata });
    });

    expect(
      await adapter.describe("arn:aws:states:eu-west-1:123456789012:execution:baton-expense:01J"),
    ).toBeUndefined();
  });

  it("throws what it does not expect", async () => {
    const { adapter } = executions(() => {
      throw new Error("boom");
    });

    await expect(adapter.start("expense", 3, "01J", input)).rejects.toThrow("boom");
  });
});
