import type { Backend } from "../backend/backend.ts";
import { WriteConflictError } from "../ports/write-conflict-error.ts";
import type { InstanceRecord } from "../records/instance-record.ts";

const ATTEMPTS = 20;

/** The record without the fields a change set to `undefined` (the change removes them). */
function withoutUndefined(record: InstanceRecord): InstanceRecord {
  return Object.fromEntries(
    Object.entries(record).filter(([, value]) => value !== undefined),
  ) as unknown as InstanceRecord;
}

/**
 * Changes an instance record with a conditional write, reading it again and reapplying the
 * change when someone else wrote it meanwhile. `change` returns the new fields (a field
 * set to `undefined` is removed), or `undefined` to leave the record as it is. Returns the record as it ends up.
 *
 * @param from - the record as the caller just read or wrote it, to change without reading it
 * first: the write is conditional on its version, so a stale one loses and the change is
 * applied to the record that won; a change that would leave it as it is is asked again on the
 * record read from the store. @default read from the store
 * @example
 * await updateInstance(backend, "default", "01J", (record) =>
 *   record.status === "running" ? { status: "cancelled" } : undefined);
 */
export async function updateInstance(
  backend: Backend,
  tenant: string,
  instanceId: string,
  change: (record: InstanceRecord) => Partial<InstanceRecord> | undefined,
  from?: InstanceRecord,
): Promise<InstanceRecord | undefined> {
  let record = from ?? (await backend.stores.instances.get(tenant, instanceId));
  for (let attempt = 1; ; attempt += 1) {
    if (!record) return undefined;
    const fields = change(record);
    // Left as it is: answered as the store has it, never only as the caller last saw it.
    if (!fields)
      return record === from ? updateInstance(backend, tenant, instanceId, change) : record;
    const next = withoutUndefined({
      ...record,
      ...fields,
      updatedAt: backend.clock.now().toISOString(),
      version: record.version + 1,
    });
    try {
      await backend.stores.instances.update(next, record.version);
      return next;
    } catch (error) {
      if (!(error instanceof WriteConflictError) || attempt >= ATTEMPTS) throw error;
      // The store read back the record that won; apply the change to it.
      record = error.existing as InstanceRecord | undefined;
    }
  }
}
