import { describe, expect, it } from "vitest";
import { listInbox } from "../../lambdas/core/operations/list-inbox.ts";
import { reconcileExecution } from "../../lambdas/core/operations/reconcile-execution.ts";
import {
  DEFAULT_SWEEP_GRACE_MS,
  sweepInstances,
} from "../../lambdas/core/operations/sweep-instances.ts";
import type { ApprovalRecord } from "../../lambdas/core/records/approval-record.ts";
import { type RecordingBackend, recordingBackend } from "../support/memory-backend.ts";
import { startWithApproval } from "../support/started-instance.ts";
import { approval, flow } from "../support/template-builder.ts";

const TENANT = "default";
const template = flow([approval("lead", ["al", "bo"])], ["start>lead", "lead>end"], {
  id: "review",
});

/** An instance whose `lead` approval is opened, then rewritten by `change` as a broken-off request left it. */
async function opened(
  backend: RecordingBackend,
  change: (record: ApprovalRecord) => Partial<ApprovalRecord>,
): Promise<string> {
  const instanceId = await startWithApproval(backend, template);
  const stored = await backend.stores.approvals.get(TENANT, instanceId, "lead", 1);
  if (!stored) throw new Error("no approval");
  await backend.stores.approvals.put(
    { ...stored, ...change(stored), version: stored.version + 1 },
    stored.version,
  );
  return instanceId;
}

/** The execution ended with `lead` failed (its Task failed) and the instance failed. */
async function endedWithLeadFailed(backend: RecordingBackend, instanceId: string) {
  await backend.stores.executionFacts.recordEnd(TENANT, instanceId, "failed");
  await reconcileExecution(backend, {
    tenant: TENANT,
    instanceId,
    status: "SUCCEEDED",
    output: { nodes: { lead: { outcome: "failed", output: { error: "opening failed" } } } },
  });
}

describe("reconciling an execution whose approval node ended otherwise than its record says", () => {
  it("closes an approval decided by a request whose verdict never reached the state (it failed first): timedOut with the outcome reached, one node.completed, rows moved", async () => {
    const backend = await recordingBackend([template]);
    const instanceId = await opened(backend, (stored) => ({
      status: "approved",
      open: false,
      log: [{ seat: 0, by: "al", act: "approve", output: {} }],
      seats: stored.seats.map((seat, index) =>
        index === 0 ? { ...seat, decision: "approved" as const } : seat,
      ),
    }));

    await endedWithLeadFailed(backend, instanceId);

    const record = await backend.stores.approvals.get(TENANT, instanceId, "lead", 1);
    expect(record?.status).toBe("timedOut");
    const history = await backend.stores.history.list(TENANT, instanceId);
    expect(history.filter((entry) => entry.type === "node.completed")).toMatchObject([
      { nodeId: "lead", detail: { outcome: "failed" } },
    ]);
    expect((await listInbox(backend, TENANT, "bo", "todo")).items).toEqual([]);
    expect((await backend.stores.instances.get(TENANT, instanceId))?.status).toBe("failed");
  });

  it("moves the to-do rows of an approval an earlier pass closed before its row moves broke off", async () => {
    const backend = await recordingBackend([template]);
    const instanceId = await opened(backend, () => ({ status: "timedOut", open: false }));
    expect((await listInbox(backend, TENANT, "al", "todo")).items).toHaveLength(1);

    await endedWithLeadFailed(backend, instanceId);

    for (const user of ["al", "bo"]) {
      expect((await listInbox(backend, TENANT, user, "todo")).items).toEqual([]);
      expect((await listInbox(backend, TENANT, user, "done")).items).toHaveLength(1);
    }
    const history = await backend.stores.history.list(TENANT, instanceId);
    expect(history.filter((entry) => entry.type === "node.completed")).toHaveLength(1);
  });

  it("leaves the completion of a verdict the state took to the decision's repair, which records it once the grace period is past", async () => {
    const backend = await recordingBackend([template]);
    const instanceId = await opened(backend, (stored) => ({
      status: "approved",
      open: false,
      log: [{ seat: 0, by: "al", act: "approve", output: {} }],
      seats: stored.seats.map((seat, index) =>
        index === 0 ? { ...seat, decision: "approved" as const } : seat,
      ),
    }));
    await backend.stores.executionFacts.recordEnd(TENANT, instanceId, "completed");

    await reconcileExecution(backend, {
      tenant: TENANT,
      instanceId,
      status: "SUCCEEDED",
      output: { nodes: { lead: { outcome: "approved", output: {} } } },
    });

    const completions = async () =>
      (await backend.stores.history.list(TENANT, instanceId)).filter(
        (entry) => entry.type === "node.completed",
      );
    expect(await completions()).toEqual([]);
    const ended = await backend.stores.instances.get(TENANT, instanceId);
    expect(ended?.status).toBe("completed");
    expect(ended?.closing).toBeDefined();
    backend.goneTokens.set("t-lead", "TaskDoesNotExist");
    backend.advance(DEFAULT_SWEEP_GRACE_MS + 60_000);
    await sweepInstances(backend);
    expect(await completions()).toMatchObject([
      { nodeId: "lead", detail: { outcome: "approved" } },
    ]);
    expect((await backend.stores.instances.get(TENANT, instanceId))?.closing).toBeUndefined();
  });
});
