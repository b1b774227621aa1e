import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DirectVerdictDelivery } from "../../lambdas/core/approval/direct-verdict-delivery.ts";
import {
  readVerdictRelayRequest,
  VERDICT_RELAY_KIND,
  verdictRelayRequest,
} from "../../lambdas/core/contract/verdict-relay.ts";
import { TaskTokenGoneError } from "../../lambdas/core/ports/task-token-gone-error.ts";
import type { ApprovalRecord } from "../../lambdas/core/records/approval-record.ts";
import type { CallbackRecord } from "../../lambdas/core/records/callback-record.ts";
import { recordingBackend } from "../support/memory-backend.ts";

const record = (status: ApprovalRecord["status"]): ApprovalRecord => ({
  tenant: "default",
  instanceId: "01J",
  nodeId: "lead",
  visit: 1,
  templateId: "one-approval",
  templateVersion: 1,
  starter: "rita",
  mode: "any",
  seats: [{ holders: ["al"], returnTo: [], after: [] }],
  open: status === "pending",
  log: [{ seat: 0, act: "approve", by: "al", output: { comment: "ok" } }],
  status,
  token: "token-of-lead",
  createdAt: "2026-12-02T09:00:00.000Z",
  updatedAt: "2026-12-02T10:00:00.000Z",
  reminders: 0,
  version: 2,
});

const callback = (status: CallbackRecord["status"]): CallbackRecord => ({
  tenant: "default",
  callbackId: "CB0123456789ABCDEFGHJKMNPQ",
  instanceId: "01J",
  nodeId: "pay",
  token: "token-of-pay",
  status,
  ...(status === "succeeded" || status === "failed"
    ? { report: { status, output: { paid: status === "succeeded" } } }
    : {}),
  createdAt: "2026-12-02T09:00:00.000Z",
  updatedAt: "2026-12-02T10:00:00.000Z",
  version: 2,
});

describe("DirectVerdictDelivery, the verdict straight over TaskResults", () => {
  it("sends an approved record's verdict as the task's success and a rejected one's as Baton.Rejected, to the record's token", async () => {
    // Prepare
    const backend = await recordingBackend([]);
    const verdicts = new DirectVerdictDelivery(backend.tasks);
    // Act
    await verdicts.deliver(record("approved"));
    await verdicts.deliver(record("rejected"));
    // Assess
    expect(backend.sent).toEqual([
      {
        kind: "success",
        token: "token-of-lead",
        output: { outcome: "approved", output: { comment: "ok", decidedBy: ["al"] } },
      },
      {
        kind: "failure",
        token: "token-of-lead",
        error: "Baton.Rejected",
        cause: JSON.stringify({ decidedBy: ["al"], comment: "ok" }),
      },
    ]);
  });

  it("sends a settled callback's report: succeeded as the task's success, failed as Baton.TaskFailed", async () => {
    // Prepare
    const backend = await recordingBackend([]);
    const verdicts = new DirectVerdictDelivery(backend.tasks);
    // Act
    await verdicts.deliverReport(callback("succeeded"));
    await verdicts.deliverReport(callback("failed"));
    // Assess
    expect(backend.sent).toEqual([
      {
        kind: "success",
        token: "token-of-pay",
        output: { outcome: "succeeded", output: { paid: true } },
      },
      {
        kind: "failure",
        token: "token-of-pay",
        error: "Baton.TaskFailed",
        cause: JSON.stringify({ paid: false }),
      },
    ]);
  });

  it("refuses a record with nothing to deliver, naming it and not its token, and sends nothing", async () => {
    // Prepare
    const backend = await recordingBackend([]);
    const verdicts = new DirectVerdictDelivery(backend.tasks);
    // Act
    const refusals = await Promise.all([
      ...(["pending", "timedOut", "withdrawn"] as const).map((status) =>
        verdicts.deliver(record(status)).catch((error: unknown) => error as Error),
      ),
      ...(["waiting", "closed"] as const).map((status) =>
        verdicts.deliverReport(callback(status)).catch((error: unknown) => error as Error),
      ),
    ]);
    // Assess
    expect(refusals.map((error) => error?.message)).toEqual([
      "approval 01J.lead.1 is pending: it has no verdict to deliver",
      "approval 01J.lead.1 is timedOut: it has no verdict to deliver",
      "approval 01J.lead.1 is withdrawn: it has no verdict to deliver",
      "callback CB0123456789ABCDEFGHJKMNPQ is waiting: it has no report to deliver",
      "callback CB0123456789ABCDEFGHJKMNPQ is closed: it has no report to deliver",
    ]);
    expect(backend.sent).toEqual([]);
  });

  it("throws TaskTokenGoneError with the reason when the parked state is gone", async () => {
    // Prepare
    const backend = await recordingBackend([]);
    backend.goneTokens.set("token-of-lead", "TaskDoesNotExist");
    // Act
    const error = await new DirectVerdictDelivery(backend.tasks)
      .deliver(record("approved"))
      .catch((caught: unknown) => caught);
    // Assess
    expect(error).toBeInstanceOf(TaskTokenGoneError);
    expect((error as TaskTokenGoneError).reason).toBe("TaskDoesNotExist");
  });
});

describe("the relay request", () => {
  const tenant = fc.stringMatching(/^[A-Za-z0-9._@+-]{1,128}$/);
  const approvalRef = fc.record({
    tenant,
    instanceId: fc.stringMatching(/^[0-9A-Za-z_-]{1,64}$/),
    nodeId: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/),
    visit: fc.integer({ min: 1, max: 9999 }),
  });

  it("reads back what it was made from, for every approval and callback, and carries no token (property)", () => {
    fc.assert(
      fc.property(fc.oneof(approvalRef, fc.record({ tenant, callbackId: tenant })), (ref) => {
        // Act
        const request = verdictRelayRequest({ ...ref, token: "a-token" } as ApprovalRecord);
        // Assess
        expect(readVerdictRelayRequest(JSON.parse(JSON.stringify(request)))).toEqual(request);
        expect(JSON.stringify(request)).not.toContain("a-token");
      }),
    );
  });

  it("refuses any field it does not have, naming the field and not its value (property)", () => {
    fc.assert(
      fc.property(
        approvalRef,
        fc
          .string({ minLength: 1 })
          .filter(
            (key) =>
              !["kind", "version", "tenant", "approvalId", "callbackId", "__proto__"].includes(key),
          ),
        (ref, key) => {
          // Prepare
          const event = { ...verdictRelayRequest(ref), [key]: "secret-value" };
          // Act
          const problem = readVerdictRelayRequest(event);
          // Assess
          expect(problem).toBe(`the event has a field it must not have: ${key}`);
        },
      ),
    );
  });

  it("names what is wrong with a malformed request", () => {
    // Prepare
    const head = { kind: VERDICT_RELAY_KIND, version: 1, tenant: "default" };
    // Act
    const problems = [
      "x",
      null,
      [],
      { ...head, kind: "baton.other", approvalId: "01J.lead.1" },
      { ...head, version: 2, approvalId: "01J.lead.1" },
      { ...head, tenant: "a#b", approvalId: "01J.lead.1" },
      { ...head },
      { ...head, approvalId: "01J.lead.1", callbackId: "CB1" },
      { ...head, approvalId: "01J.lead" },
      { ...head, callbackId: "C#1" },
      { ...head, approvalId: "01J.lead.1", token: "t-1" },
    ].map(readVerdictRelayRequest);
    // Assess
    expect(problems).toEqual([
      "the event must be a JSON object",
      "the event must be a JSON object",
      "the event must be a JSON object",
      "kind must be baton.verdict-relay",
      "version must be 1",
      "tenant must be 1-128 letters, digits or . _ @ + -",
      "the event must name either approvalId or callbackId",
      "the event must name either approvalId or callbackId",
      "approvalId must be an approval id: <instance>.<node>.<visit>",
      "callbackId must be 1-128 letters, digits or . _ @ + -",
      "the event has a field it must not have: token",
    ]);
  });
});
