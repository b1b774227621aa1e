import type { InstanceRecord } from "../records/instance-record.ts";
import type { UnsettledInstance } from "../records/unsettled-instance.ts";
import type { Page, PageRequest } from "./page.ts";

/**
 * How much of the unsettled instances to read: those last updated before `updatedBefore`,
 * oldest update first, from the start or after the `cursor` of the previous page.
 *
 * @example
 * const page = await store.listUnsettled({ updatedBefore: "2026-12-02T09:45:00.000Z", limit: 50 });
 */
export interface UnsettledPageRequest extends PageRequest {
  /** ISO-8601: only instances whose `updatedAt` is earlier are read. */
  updatedBefore: string;
}

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
  /**
   * The unsettled instances of every tenant (those for which `isUnsettled` holds: running, or
   * ended with closing steps left), oldest update first, read from an index only they are in
   * (sharded: no hot partition). For the sweep, never on a request's behalf.
   */
  listUnsettled(request: UnsettledPageRequest): Promise<Page<UnsettledInstance>>;
}
