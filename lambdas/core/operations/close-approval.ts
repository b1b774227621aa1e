import type { ApprovalRecord } from "../ports/approval-record.ts";
import type { ApprovalStore } from "../ports/approval-store.ts";

/**
 * Closes a pending approval without a decision — withdrawn because its branch was stopped or
 * the instance ended, or timed out — so that later decisions find it closed. Returns the record
 * as it was if it was open (its token, for resuming the parked state), else `undefined`.
 *
 * @example
 * const closed = await closeApproval(store, "i-1", "lead");
 */
export async function closeApproval(
  store: ApprovalStore,
  instanceId: string,
  nodeId: string,
): Promise<ApprovalRecord | undefined> {
  const record = await store.get(instanceId, nodeId);
  if (!record?.open) return undefined;
  const closed = await store.put(
    { ...record, open: false, version: record.version + 1 },
    record.version,
  );
  return closed ? record : undefined;
}
