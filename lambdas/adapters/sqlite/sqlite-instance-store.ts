import type { DatabaseSync } from "node:sqlite";
import { TEMPLATE_INDEX_KEYS, UNSETTLED_INDEX_KEYS } from "../../core/contract/table-layout.ts";
import type { InstanceRecordStore } from "../../core/ports/instance-record-store.ts";
import { type InstanceRecord, isUnsettled } from "../../core/records/instance-record.ts";
import { unsettledInstance } from "../../core/records/unsettled-instance.ts";
import { itemsToRead, newestFirstPage } from "../newest-first-page.ts";
import { unsettledRange } from "../unsettled-range.ts";
import { groupCommit } from "./group-commit.ts";
import { readNewestFirst } from "./read-newest-first.ts";
import { type Row, storedRecord } from "./stored-record.ts";
import { VersionedRows } from "./versioned-rows.ts";

/**
 * Instance records in table `instances`, keyed by tenant and id, with the template and the
 * `byTemplate` sort key (`{createdAt}#{id}`) beside them for the `instances_by_template` index:
 * a template's listing is a range of that index read backwards. An unsettled instance's row
 * also carries `unsettled_key` (`{updatedAt}#{tenant}#{id}`, NULL once settled), which the
 * partial index `instances_unsettled` holds: the unsettled listing is a range of it read
 * forwards. One file has no hot partition, so neither listing is sharded.
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
    columns: ["template_id", "sort_key", "unsettled_key"],
    valuesOf: (record) => [
      record.tenant,
      record.instanceId,
      record.templateId,
      TEMPLATE_INDEX_KEYS.sort(record.createdAt, record.instanceId),
      isUnsettled(record)
        ? UNSETTLED_INDEX_KEYS.sort(record.updatedAt, record.tenant, record.instanceId)
        : null,
    ],
  });
  const commit = groupCommit(database);
  const listing = "SELECT sort_key, record FROM instances WHERE tenant = ? AND template_id = ?";
  const reads = {
    first: database.prepare(`${listing} ORDER BY sort_key DESC LIMIT ?`),
    before: database.prepare(`${listing} AND sort_key < ? ORDER BY sort_key DESC LIMIT ?`),
  };
  const unsettled = "SELECT unsettled_key, record FROM instances WHERE unsettled_key < ?";
  const unsettledReads = {
    first: database.prepare(`${unsettled} ORDER BY unsettled_key LIMIT ?`),
    after: database.prepare(`${unsettled} AND unsettled_key > ? ORDER BY unsettled_key LIMIT ?`),
  };
  return {
    get: (tenant, instanceId) => rows.get([tenant, instanceId]),
    create: (record) => rows.put(record),
    update: (record, expectedVersion) => rows.put(record, expectedVersion),
    listByTemplate: (tenant, templateId, page) =>
      commit.read(() => readNewestFirst<InstanceRecord>(reads, [tenant, templateId], page)),
    listUnsettled: (request) =>
      commit.read(() => {
        const range = unsettledRange(request);
        if (!range) return { items: [] };
        const rows: Row[] =
          range.after === undefined
            ? unsettledReads.first.all(range.before, itemsToRead(request))
            : unsettledReads.after.all(range.before, range.after, itemsToRead(request));
        return newestFirstPage(
          rows,
          request,
          (row) => String(row.unsettled_key),
          (row) => unsettledInstance(storedRecord<InstanceRecord>(row) as InstanceRecord),
        );
      }),
  };
}
