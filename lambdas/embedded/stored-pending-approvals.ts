import type { FlowStores } from "../core/ports/flow-stores.ts";
import type { ApprovalRecord } from "../core/records/approval-record.ts";

/** How many unsettled instances a page read holds. */
const PAGE = 100;

/**
 * An `updatedBefore` later than every instance's `updatedAt` (ISO-8601 sorts as text), so the
 * read of unsettled instances takes them all, however recently each was written.
 */
const END_OF_TIME = "9999-12-31T23:59:59.999Z";

/**
 * The approvals pending in the stores now: those of the unsettled instances (an instance
 * withdraws its pending approvals before it settles, so no other instance has one) whose record
 * says `pending`. It reads the index of unsettled instances page by page, then each one's
 * approvals by key, never a scan: what `/metrics`' pending gauge starts from when the embedded
 * engine starts.
 *
 * @example
 * new FlowMetrics({ pending: await storedPendingApprovals(backend.stores) });
 */
export async function storedPendingApprovals(
  stores: Pick<FlowStores, "instances" | "approvals">,
): Promise<ApprovalRecord[]> {
  const pending: ApprovalRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await stores.instances.listUnsettled({
      updatedBefore: END_OF_TIME,
      limit: PAGE,
      cursor,
    });
    for (const instance of page.items) {
      const approvals = await stores.approvals.listForInstance(
        instance.tenant,
        instance.instanceId,
      );
      pending.push(...approvals.filter((approval) => approval.status === "pending"));
    }
    cursor = page.cursor;
  } while (cursor !== undefined);
  return pending;
}
