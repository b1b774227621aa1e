import { LambdaClient } from "@aws-sdk/client-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LambdaVerdictDelivery } from "../../lambdas/adapters/aws/lambda-verdict-delivery.ts";
import { VerdictRelayError } from "../../lambdas/adapters/aws/verdict-relay-error.ts";
import { actOnApproval } from "../../lambdas/core/operations/act-on-approval.ts";
import { deliverRecordedVerdict } from "../../lambdas/core/operations/deliver-recorded-verdict.ts";
import { TaskTokenGoneError } from "../../lambdas/core/ports/task-token-gone-error.ts";
import type { ApprovalRecord } from "../../lambdas/core/records/approval-record.ts";
import type { CallbackRecord } from "../../lambdas/core/records/callback-record.ts";
import type { InvocationOutcome } from "../support/aws/bundled-function.ts";
import { LambdaService } from "../support/aws/lambda-service.ts";
import { functionArn, LOOPBACK_REGION } from "../support/aws/loopback-account.ts";
import type { RecordingBackend } from "../support/memory-backend.ts";
import { startedWithApproval } from "../support/started-instance.ts";
import { approval, flow } from "../support/template-builder.ts";

// The relay goes over Lambda's wire protocol (the loopback emulator's Invoke) to an API function
// run in-process: deliverRecordedVerdict on a recording backend, as the api handler runs it.
const API_FUNCTION = functionArn("baton-test-api");

/** What the API function stands in for: its backend, the events it got, a fault to answer with. */
const api = {
  backend: undefined as RecordingBackend | undefined,
  events: [] as unknown[],
  fault: undefined as InvocationOutcome | undefined,
};

let lambda: LambdaService;
let client: LambdaClient;

beforeAll(async () => {
  lambda = await LambdaService.start([
    {
      name: "baton-test-api",
      invoke: async (event) => {
        api.events.push(event);
        if (api.fault) return api.fault;
        if (!api.backend) throw new Error("no backend");
        return { result: await deliverRecordedVerdict(api.backend, event) };
      },
    },
  ]);
  client = new LambdaClient({
    region: LOOPBACK_REGION,
    endpoint: lambda.endpoint,
    credentials: { accessKeyId: "loopback", secretAccessKey: "loopback" },
  });
});

afterAll(async () => {
  client.destroy();
  await lambda.stop();
});

/** A one-approval instance opened with token t-1, the API function's backend, and its record. */
async function decided(act?: "approve" | "reject") {
  const started = await startedWithApproval(
    flow([approval("lead", ["al"])], ["start>lead", "lead>end"], { id: "one-approval" }),
    { token: "t-1" },
  );
  const { backend, instanceId, approvalId } = started;
  if (act) await actOnApproval(backend, "default", approvalId, "al", { action: act });
  backend.sent.length = 0;
  api.backend = backend;
  api.events = [];
  api.fault = undefined;
  const record = (await backend.stores.approvals.get(
    "default",
    instanceId,
    "lead",
    1,
  )) as ApprovalRecord;
  return { backend, record, approvalId };
}

const relay = () => new LambdaVerdictDelivery(client, API_FUNCTION);

describe("LambdaVerdictDelivery, the verdict relayed to the API function", () => {
  it("invokes the API function with the approval's tenant and id only, and the API delivers the stored verdict", async () => {
    // Prepare
    const { backend, record, approvalId } = await decided("reject");
    // Act
    await relay().deliver({ ...record, token: "not-the-stored-token" });
    // Assess: the token and verdict the caller holds never travel; the store's are sent
    expect(api.events).toEqual([
      { kind: "baton.verdict-relay", version: 1, tenant: "default", approvalId },
    ]);
    expect(backend.sent).toMatchObject([
      { kind: "failure", token: "t-1", error: "Baton.Rejected" },
    ]);
  });

  it("throws TaskTokenGoneError with the reason the API answered when the parked state is gone", async () => {
    // Prepare
    const { backend, record } = await decided("approve");
    backend.goneTokens.set("t-1", "TaskTimedOut");
    // Act
    const error = await relay()
      .deliver(record)
      .catch((caught: unknown) => caught);
    // Assess
    expect(error).toBeInstanceOf(TaskTokenGoneError);
    expect((error as TaskTokenGoneError).reason).toBe("TaskTimedOut");
  });

  it("throws a refused VerdictRelayError for an approval the store does not hold decided, and nothing is sent", async () => {
    // Prepare
    const { backend, record, approvalId } = await decided();
    // Act
    const error = await relay()
      .deliver({ ...record, status: "approved" })
      .catch((caught: unknown) => caught);
    // Assess
    expect(error).toBeInstanceOf(VerdictRelayError);
    expect(error).toMatchObject({
      name: "Baton.VerdictRelayFailed",
      kind: "refused",
      message: `relaying approval ${approvalId}'s verdict was refused: approval ${approvalId} is pending: it has no verdict to deliver`,
    });
    expect(backend.sent).toEqual([]);
  });

  it.each([
    ["timedOut", "TaskTimedOut"],
    ["withdrawn", "TaskDoesNotExist"],
  ] as const)(
    "throws TaskTokenGoneError (%s → %s) for an approval closed after the caller read it decided, and nothing is sent",
    async (status, reason) => {
      // Prepare: the caller read it decided; another path closed it before the relay arrived
      const { backend, record } = await decided("approve");
      await backend.stores.approvals.put(
        { ...record, status, open: false, version: record.version + 1 },
        record.version,
      );
      // Act
      const error = await relay()
        .deliver(record)
        .catch((caught: unknown) => caught);
      // Assess: as a direct send to the closed node's token would find it
      expect(error).toBeInstanceOf(TaskTokenGoneError);
      expect((error as TaskTokenGoneError).reason).toBe(reason);
      expect(backend.sent).toEqual([]);
    },
  );

  it("throws a failed VerdictRelayError naming the function's error type, never its message", async () => {
    // Prepare
    const { record, approvalId } = await decided("approve");
    api.fault = {
      error: { errorType: "Runtime.ExitError", errorMessage: "token t-1 exploded", trace: [] },
    };
    // Act
    const error = (await relay()
      .deliver(record)
      .catch((caught: unknown) => caught)) as VerdictRelayError;
    // Assess
    expect(error).toBeInstanceOf(VerdictRelayError);
    expect(error.kind).toBe("failed");
    expect(error.message).toBe(
      `relaying approval ${approvalId}'s verdict failed: Runtime.ExitError`,
    );
  });

  it("throws a failed VerdictRelayError for an answer that is not the relay's", async () => {
    // Prepare
    const { record } = await decided("approve");
    api.fault = { result: { statusCode: 200 } };
    // Act
    const error = await relay()
      .deliver(record)
      .catch((caught: unknown) => caught);
    // Assess
    expect(error).toMatchObject({ kind: "failed" });
  });

  it("relays a settled callback's report by its id, and the API sends the stored report to the stored token", async () => {
    // Prepare
    const { backend } = await decided();
    const settled: CallbackRecord = {
      tenant: "default",
      callbackId: "CB0123456789ABCDEFGHJKMNPQ",
      instanceId: "01J",
      nodeId: "pay",
      token: "token-of-pay",
      status: "failed",
      report: { status: "failed", output: { error: "quota" } },
      createdAt: "2026-12-02T09:00:00.000Z",
      updatedAt: "2026-12-02T10:00:00.000Z",
      version: 1,
    };
    await backend.stores.callbacks.put(settled);
    // Act
    await relay().deliverReport({ ...settled, token: "not-the-stored-token" });
    // Assess
    expect(api.events).toEqual([
      {
        kind: "baton.verdict-relay",
        version: 1,
        tenant: "default",
        callbackId: "CB0123456789ABCDEFGHJKMNPQ",
      },
    ]);
    expect(backend.sent).toEqual([
      {
        kind: "failure",
        token: "token-of-pay",
        error: "Baton.TaskFailed",
        cause: JSON.stringify({ error: "quota" }),
      },
    ]);
  });
});
