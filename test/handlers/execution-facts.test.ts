import type { DynamoDBStreamEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { listInbox } from "../../lambdas/core/operations/list-inbox.ts";
import { openApproval } from "../../lambdas/core/operations/open-approval.ts";
import { readInstance } from "../../lambdas/core/operations/read-instance.ts";
import { startInstance } from "../../lambdas/core/operations/start-instance.ts";
import { executionFactsHandler } from "../../lambdas/handlers/execution-facts.ts";
import { lambdaContext } from "../support/lambda-context.ts";
import { lambdaTestBackend } from "../support/lambda-test-backend.ts";
import { approval, flow } from "../support/template-builder.ts";

const context = lambdaContext("baton-execution-facts");

/** A change-stream record of the table (new and old images), as DynamoDB Streams delivers it. */
function streamRecord(pk: string, sk: string, withdrawn: { before?: string[]; after?: string[] }) {
  const image = (nodes?: string[]) => ({
    pk: { S: pk },
    sk: { S: sk },
    ...(nodes ? { withdrawn: { SS: nodes } } : {}),
  });
  return {
    eventID: "1",
    eventName: withdrawn.before ? ("MODIFY" as const) : ("INSERT" as const),
    eventSource: "aws:dynamodb",
    awsRegion: "eu-west-1",
    dynamodb: {
      Keys: { pk: { S: pk }, sk: { S: sk } },
      NewImage: image(withdrawn.after),
      ...(withdrawn.before ? { OldImage: image(withdrawn.before) } : {}),
      StreamViewType: "NEW_AND_OLD_IMAGES" as const,
    },
  };
}

describe("the execution-facts function (the table's change stream)", () => {
  it("closes the approvals of nodes newly added to an execution item's withdrawn set, and nothing else", async () => {
    const template = flow(
      [approval("legal", ["lena"]), approval("finance", ["fei"])],
      ["start>legal", "start>finance", "legal>end", "finance>end"],
      { id: "both" },
    );
    const backend = await lambdaTestBackend([template]);
    const { instanceId } = await startInstance(backend, {
      tenant: "default",
      templateId: "both",
      input: {},
      starter: "sam",
    });
    const instance = { tenant: "default", id: instanceId };
    await openApproval(backend, { token: "t-legal", instance, node: "legal" });
    await openApproval(backend, { token: "t-finance", instance, node: "finance" });
    const pk = `default#I#${instanceId}`;
    const event: DynamoDBStreamEvent = {
      Records: [
        streamRecord(pk, "I", { after: ["legal", "finance"] }),
        streamRecord(pk, "E", { before: ["legal"], after: ["legal", "finance"] }),
      ],
    };

    await executionFactsHandler(() => backend)(event, context);

    const { nodes } = await readInstance(backend, "default", instanceId);
    expect(nodes).toEqual({ legal: { status: "active" }, finance: { status: "cancelled" } });
    expect((await listInbox(backend, "default", "fei", "todo")).items).toEqual([]);
    expect((await listInbox(backend, "default", "lena", "todo")).items).toHaveLength(1);
  });
});
