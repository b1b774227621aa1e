import { describe, expect, it } from "vitest";
import { cancelInstance } from "../../lambdas/core/operations/cancel-instance.ts";
import { listInbox } from "../../lambdas/core/operations/list-inbox.ts";
import {
  DEFAULT_SWEEP_GRACE_MS,
  sweepInstances,
} from "../../lambdas/core/operations/sweep-instances.ts";
import { isUnsettled } from "../../lambdas/core/records/instance-record.ts";
import { recordingBackend } from "../support/memory-backend.ts";
import { startWithApproval } from "../support/started-instance.ts";
import { approval, flow } from "../support/template-builder.ts";

const TENANT = "default";
const template = flow([approval("lead", ["al"])], ["start>lead", "lead>end"], { id: "review" });

describe("a closing that finds a pending approval closed by someone else first", () => {
  it("keeps the closing marker, and the sweep finishes the other's follow-ups that broke off: the to-do row moves, node.cancelled is recorded once", async () => {
    const backend = await recordingBackend([template]);
    const instanceId = await startWithApproval(backend, template);
    // Another request (a decision that found the instance ended, say) withdraws the approval
    // right before the closing's own write, then breaks off: no inbox move, no history entry.
    const { approvals } = backend.stores;
    const put = approvals.put.bind(approvals);
    let raced = false;
    approvals.put = async (record, expected) => {
      if (!raced && record.status === "withdrawn" && expected !== undefined) {
        raced = true;
        await put({ ...record, updatedAt: "2026-01-01T00:00:00.000Z" }, expected);
      }
      return put(record, expected);
    };

    const cancelled = await cancelInstance(backend, TENANT, instanceId, "sam");

    expect(raced).toBe(true);
    expect(isUnsettled(cancelled)).toBe(true);
    expect((await listInbox(backend, TENANT, "al", "todo")).items).toHaveLength(1);
    backend.advance(DEFAULT_SWEEP_GRACE_MS + 60_000);
    expect(await sweepInstances(backend)).toMatchObject({ visited: 1, closed: 1, failed: [] });
    const record = await backend.stores.instances.get(TENANT, instanceId);
    expect(record && isUnsettled(record)).toBe(false);
    expect((await listInbox(backend, TENANT, "al", "todo")).items).toEqual([]);
    expect((await listInbox(backend, TENANT, "al", "done")).items).toHaveLength(1);
    const history = await backend.stores.history.list(TENANT, instanceId);
    expect(history.filter((entry) => entry.type === "node.cancelled")).toHaveLength(1);
  });
});
