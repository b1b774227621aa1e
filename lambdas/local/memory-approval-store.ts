import type { ApprovalRecord } from "../core/ports/approval-record.ts";
import type { ApprovalStore } from "../core/ports/approval-store.ts";

/**
 * An {@link ApprovalStore} in memory, with the same conditional-write contract as the
 * DynamoDB one: for simulations and tests.
 *
 * @example
 * const store = new MemoryApprovalStore();
 * await store.put(record); // true the first time
 */
export class MemoryApprovalStore implements ApprovalStore {
  private readonly records = new Map<string, ApprovalRecord>();
  /** How many writes succeeded: what a DynamoDB table would bill. */
  writes = 0;

  async get(instanceId: string, nodeId: string): Promise<ApprovalRecord | undefined> {
    const record = this.records.get(`${instanceId}#${nodeId}`);
    return record && structuredClone(record);
  }

  async put(record: ApprovalRecord, expected?: number): Promise<boolean> {
    const key = `${record.instanceId}#${record.nodeId}`;
    if (this.records.get(key)?.version !== expected) return false;
    this.records.set(key, structuredClone(record));
    this.writes += 1;
    return true;
  }
}
