import { describe, expect, it } from "vitest";
import { cancelInstance } from "../../lambdas/core/operations/cancel-instance.ts";
import { listInbox } from "../../lambdas/core/operations/list-inbox.ts";
import { recordChange } from "../../lambdas/core/operations/record-change.ts";
import {
  DEFAULT_SWEEP_GRACE_MS,
  sweepInstances,
} from "../../lambdas/core/operations/sweep-instances.ts";
import { type InstanceRecord, isUnsettled } from "../../lambdas/core/records/instance-record.ts";
import { type RecordingBackend, recordingBackend } from "../support/memory-backend.ts";
import { startWithApproval } from "../support/started-instance.ts";
import { approval, flow } from "../support/template-builder.ts";
import { recordUnresumedDecision } from "../support/unresumed-decision.ts";

const TENANT = "default";
const template = flow([approval("lead", ["al", "bo"])], ["start>lead", "lead>end"], {
  id: "review",
});

/** An instance whose approval al decided by a request that broke off right after writing it. */
async function decidedUnresumed(backend: RecordingBackend): Promise<string> {
  const instanceId = await startWithApproval(backend, template);
  await recordUnresumedDecision(backend, instanceId);
  return instanceId;
}

describe("an instance that ends while a decision was recorded but never resumed its node", () => {
  it("keeps its closing until the decision is past the grace period; the sweep then records the decision and its node's completion though the state is gone (the decision stands, as its repeats were told), so no decided approval is left without it", async () => {
    const backend = await recordingBackend([template]);
    const instanceId = await decidedUnresumed(backend);

    const cancelled = await cancelInstance(backend, TENANT, instanceId, "sam");
    expect(cancelled.status).toBe("cancelled");
    expect(isUnsettled(cancelled)).toBe(true);
    expect((await backend.stores.approvals.get(TENANT, instanceId, "lead", 1))?.status).toBe(
      "approved",
    );

    // The cancel stopped the execution: the parked state is gone.
    backend.goneTokens.set("t-lead", "TaskDoesNotExist");
    backend.advance(DEFAULT_SWEEP_GRACE_MS + 60_000);
    const swept = await sweepInstances(backend);

    expect(swept).toMatchObject({ visited: 1, closed: 1, failed: [] });
    const record = await backend.stores.instances.get(TENANT, instanceId);
    expect(record && isUnsettled(record)).toBe(false);
    expect((await backend.stores.approvals.get(TENANT, instanceId, "lead", 1))?.status).toBe(
      "approved",
    );
    const history = await backend.stores.history.list(TENANT, instanceId);
    expect(history.map((entry) => entry.type).filter((type) => type !== "node.activated")).toEqual([
      "flow.started",
      "approval.requested",
      "flow.ended",
      "approval.decided",
      "node.completed",
    ]);
    for (const user of ["al", "bo"]) {
      expect((await listInbox(backend, TENANT, user, "todo")).items).toEqual([]);
    }
    expect(await sweepInstances(backend)).toMatchObject({ visited: 0 });
  });

  it("is settled at once when the decision is already past the grace period", async () => {
    const backend = await recordingBackend([template]);
    const instanceId = await decidedUnresumed(backend);
    backend.advance(DEFAULT_SWEEP_GRACE_MS);

    const cancelled = await cancelInstance(backend, TENANT, instanceId, "sam");

    expect(isUnsettled(cancelled)).toBe(false);
    const history = await backend.stores.history.list(TENANT, instanceId);
    expect(history.filter((entry) => entry.type === "node.completed")).toMatchObject([
      { nodeId: "lead", detail: { outcome: "approved" } },
    ]);
    expect(backend.sent).toMatchObject([{ kind: "success", token: "t-lead" }]);
  });
});

describe("a running instance whose decision was announced and sent, but whose completion was never recorded", () => {
  it("has its node's completion recorded by the sweep although the token is spent: the state took the verdict", async () => {
    const backend = await recordingBackend([template]);
    const instanceId = await decidedUnresumed(backend);
    const record = await backend.stores.approvals.get(TENANT, instanceId, "lead", 1);
    if (!record) throw new Error("no approval");
    await recordChange(
      backend,
      (await backend.stores.instances.get(TENANT, instanceId)) as InstanceRecord,
      [
        {
          type: "approval.decided",
          at: record.updatedAt,
          nodeId: "lead",
          actor: "al",
          detail: { approvalId: `${instanceId}.lead.1`, action: "approve", verdict: "approved" },
        },
      ],
    );
    // The verdict reached the state, whose token is spent; the completion's write then failed.
    backend.goneTokens.set("t-lead", "TaskDoesNotExist");
    backend.advance(DEFAULT_SWEEP_GRACE_MS + 60_000);

    expect(await sweepInstances(backend)).toMatchObject({ visited: 1, resumed: 1, failed: [] });

    expect((await backend.stores.approvals.get(TENANT, instanceId, "lead", 1))?.status).toBe(
      "approved",
    );
    const history = await backend.stores.history.list(TENANT, instanceId);
    expect(
      history.filter(
        (entry) => entry.type === "approval.decided" || entry.type === "node.completed",
      ),
    ).toMatchObject([
      { type: "approval.decided", actor: "al" },
      { type: "node.completed", nodeId: "lead", detail: { outcome: "approved" } },
    ]);
  });
});
