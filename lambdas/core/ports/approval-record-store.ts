import type { ApprovalRecord } from "../records/approval-record.ts";

/**
 * Approval records, written only with a condition: `put` with `expectedVersion` undefined
 * creates (fails if one exists), else replaces the record stored at that version. A lost
 * condition throws {@link WriteConflictError} carrying the stored record.
 *
 * @example
 * const record = await store.get("default", "01J", "lead", 1);
 * await store.put({ ...record, status: "approved", version: record.version + 1 }, record.version);
 */
export interface ApprovalRecordStore {
  get(
    tenant: string,
    instanceId: string,
    nodeId: string,
    visit: number,
  ): Promise<ApprovalRecord | undefined>;
  put(record: ApprovalRecord, expectedVersion?: number): Promise<void>;
  /** Every approval of an instance, in node and visit order. */
  listForInstance(tenant: string, instanceId: string): Promise<ApprovalRecord[]>;
}
