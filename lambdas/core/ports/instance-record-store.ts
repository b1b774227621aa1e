import type { InstanceRecord } from "../records/instance-record.ts";
import type { Page, PageRequest } from "./page.ts";

/**
 * Instance records. Writes are conditional: `create` on absence, `update` on the version the
 * caller read; a lost condition throws {@link WriteConflictError} carrying the stored record.
 *
 * @example
 * await store.create(record);
 * await store.update({ ...record, status: "completed", version: record.version + 1 }, record.version);
 */
export interface InstanceRecordStore {
  get(tenant: string, instanceId: string): Promise<InstanceRecord | undefined>;
  create(record: InstanceRecord): Promise<void>;
  update(record: InstanceRecord, expectedVersion: number): Promise<void>;
  /** Instances of a template, newest first (sharded: no hot partition). */
  listByTemplate(
    tenant: string,
    templateId: string,
    page?: PageRequest,
  ): Promise<Page<InstanceRecord>>;
}
