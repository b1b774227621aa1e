import type { InstanceRecord } from "./instance-record.ts";

/**
 * The fields of an instance record the sweep reads from the listing of unsettled instances:
 * which instance, where it stands, and which execution runs it. The DynamoDB index projects
 * only these (an index entry stays small however large the start input is).
 */
export const UNSETTLED_FIELDS = [
  "tenant",
  "instanceId",
  "status",
  "closing",
  "updatedAt",
  "executionId",
] as const satisfies readonly (keyof InstanceRecord)[];

/** An instance as the listing of unsettled instances returns it ({@link UNSETTLED_FIELDS}). */
export type UnsettledInstance = Pick<InstanceRecord, (typeof UNSETTLED_FIELDS)[number]>;

/**
 * The {@link UNSETTLED_FIELDS} of a record, and no other field.
 *
 * @example
 * unsettledInstance(record); // { tenant, instanceId, status, updatedAt, executionId?, closing? }
 */
export function unsettledInstance(record: UnsettledInstance): UnsettledInstance {
  const picked: Partial<Record<(typeof UNSETTLED_FIELDS)[number], unknown>> = {};
  for (const field of UNSETTLED_FIELDS) {
    if (record[field] !== undefined) picked[field] = structuredClone(record[field]);
  }
  return picked as UnsettledInstance;
}
