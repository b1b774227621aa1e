import type { ApprovalRecord } from "./approval-record.ts";

/**
 * Where approval records live: a DynamoDB table on AWS, memory or DynamoDB Local when embedded.
 *
 * @example
 * const record = await store.get("i-1", "lead");
 * if (record) await store.put({ ...record, version: record.version + 1 }, record.version);
 */
export interface ApprovalStore {
  get(instanceId: string, nodeId: string): Promise<ApprovalRecord | undefined>;
  /**
   * Writes a record if the stored one has version `expected` (or, with `expected` undefined,
   * if there is none). Returns false, writing nothing, when that does not hold.
   */
  put(record: ApprovalRecord, expected?: number): Promise<boolean>;
}
