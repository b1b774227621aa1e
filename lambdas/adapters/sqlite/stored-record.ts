import type { SQLOutputValue } from "node:sqlite";

/** A row as `node:sqlite` reads it. */
export type Row = Record<string, SQLOutputValue>;

/**
 * The record a row keeps as JSON in its `record` column, or `undefined` for no row.
 *
 * @example
 * const record = storedRecord<InstanceRecord>(select.get(tenant, instanceId));
 */
export function storedRecord<T>(row: Row | undefined): T | undefined {
  return row === undefined ? undefined : (JSON.parse(String(row.record)) as T);
}
