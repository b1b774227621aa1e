import type { DatabaseSync } from "node:sqlite";
import { TEMPLATE_INDEX_KEYS } from "../../core/contract/table-layout.ts";
import type { InstanceRecordStore } from "../../core/ports/instance-record-store.ts";
import type { InstanceRecord } from "../../core/records/instance-record.ts";
import { readNewestFirst } from "./read-newest-first.ts";
import { VersionedRows } from "./versioned-rows.ts";

/**
 * Instance records in table `instances`, keyed by tenant and id, with the template and the
 * `byTemplate` sort key (`{createdAt}#{id}`) beside them for the `instances_by_template` index:
 * a template's listing is a range of that index read backwards. One file has no hot partition,
 * so the listing is not sharded.
 *
 * @example
 * const instances = sqliteInstanceStore(database);
 * await instances.update({ ...record, status: "completed", version: 2 }, 1);
 */
export function sqliteInstanceStore(database: DatabaseSync): InstanceRecordStore {
  const rows = new VersionedRows<InstanceRecord>(database, {
    what: "instance",
    table: "instances",
    keys: ["tenant", "instance_id"],
    columns: ["template_id", "sort_key"],
    valuesOf: (record) => [
      record.tenant,
      record.instanceId,
      record.templateId,
      TEMPLATE_INDEX_KEYS.sort(record.createdAt, record.instanceId),
    ],
  });
  const listing = "SELECT sort_key, record FROM instances WHERE tenant = ? AND template_id = ?";
  const reads = {
    first: database.prepare(`${listing} ORDER BY sort_key DESC LIMIT ?`),
    before: database.prepare(`${listing} AND sort_key < ? ORDER BY sort_key DESC LIMIT ?`),
  };
  return {
    get: async (tenant, instanceId) => rows.get([tenant, instanceId]),
    create: async (record) => rows.put(record),
    update: async (record, expectedVersion) => rows.put(record, expectedVersion),
    listByTemplate: async (tenant, templateId, page) =>
      readNewestFirst<InstanceRecord>(reads, [tenant, templateId], page),
  };
}
