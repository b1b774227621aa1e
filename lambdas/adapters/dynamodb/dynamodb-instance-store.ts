import {
  ITEM_KEYS,
  TABLE_INDEXES,
  TEMPLATE_INDEX_KEYS,
  TEMPLATE_SHARDS,
  templateShard,
  UNSETTLED_INDEX_KEYS,
  UNSETTLED_SHARDS,
  unsettledShard,
} from "../../core/contract/table-layout.ts";
import type { InstanceRecordStore } from "../../core/ports/instance-record-store.ts";
import { type InstanceRecord, isUnsettled } from "../../core/records/instance-record.ts";
import {
  type UnsettledInstance,
  unsettledInstance,
} from "../../core/records/unsettled-instance.ts";
import { cursorSortKey, itemsToRead, newestFirstPage } from "../newest-first-page.ts";
import { unsettledRange } from "../unsettled-range.ts";
import type { FlowTable, Item } from "./flow-table.ts";
import { recordCodec } from "./record-codec.ts";
import { versionedItems } from "./versioned-items.ts";

const codec = recordCodec<InstanceRecord>(["input"]);
const indexSort = TABLE_INDEXES.byTemplate.sort;
const unsettledSort = TABLE_INDEXES.unsettled.sort;

/** The index keys of a record's item: always `byTemplate`'s, `unsettled`'s while it is unsettled. */
function indexKeys(record: InstanceRecord): Item {
  const { tenant, instanceId } = record;
  return {
    [TABLE_INDEXES.byTemplate.partition]: TEMPLATE_INDEX_KEYS.partition(
      tenant,
      record.templateId,
      templateShard(instanceId),
    ),
    [indexSort]: TEMPLATE_INDEX_KEYS.sort(record.createdAt, instanceId),
    ...(isUnsettled(record)
      ? {
          [TABLE_INDEXES.unsettled.partition]: UNSETTLED_INDEX_KEYS.partition(
            unsettledShard(instanceId),
          ),
          [unsettledSort]: UNSETTLED_INDEX_KEYS.sort(record.updatedAt, tenant, instanceId),
        }
      : {}),
  };
}

/**
 * Instance records on the table: item `{tenant}#I#{id}` / `I`, carrying the `byTemplate`
 * index keys (its template's shard, then creation time and id), and while the instance is
 * unsettled the `unsettled` index keys (its shard, then last update, tenant and id); each
 * write puts the whole item, so a settled instance's item drops out of that sparse index.
 * Listing a template queries every shard newest first and merges them; the cursor is the last
 * index sort key returned. Listing the unsettled instances does the same oldest first.
 *
 * @example
 * const instances = dynamoDbInstanceStore(new FlowTable(client, "baton"));
 * await instances.create(record);
 */
export function dynamoDbInstanceStore(table: FlowTable): InstanceRecordStore {
  const items = versionedItems(table, {
    what: "instance",
    codec,
    key: ITEM_KEYS.instance,
    keyOf: (record) => ITEM_KEYS.instance(record.tenant, record.instanceId),
    attributes: indexKeys,
  });
  return {
    get: items.get,
    create: (record) => items.put(record),
    update: (record, expectedVersion) => items.put(record, expectedVersion),
    listByTemplate: async (tenant, templateId, page) => {
      const before = cursorSortKey(page?.cursor);
      const shards = await Promise.all(
        Array.from({ length: TEMPLATE_SHARDS }, (_, shard) =>
          table.query({
            partition: TEMPLATE_INDEX_KEYS.partition(tenant, templateId, shard),
            index: "byTemplate",
            ...(before === undefined ? {} : { range: { before } }),
            newestFirst: true,
            max: itemsToRead(page),
          }),
        ),
      );
      const sortKey = (item: Item) => item[indexSort] as string;
      const merged = shards.flat().sort((a, b) => (sortKey(a) < sortKey(b) ? 1 : -1));
      return newestFirstPage(merged, page, sortKey, codec.fromItem);
    },
    listUnsettled: async (request) => {
      const range = unsettledRange(request);
      if (!range) return { items: [] };
      const { after, before } = range;
      // BETWEEN includes both ends: the cursor's own entry is read again and dropped; no key
      // equals `before`, a bare time (keys go on with `#{tenant}#{id}`).
      const shards = await Promise.all(
        Array.from({ length: UNSETTLED_SHARDS }, (_, shard) =>
          table.query({
            partition: UNSETTLED_INDEX_KEYS.partition(shard),
            index: "unsettled",
            range: after === undefined ? { before } : { from: after, to: before },
            max: itemsToRead(request) + (after === undefined ? 0 : 1),
          }),
        ),
      );
      const sortKey = (item: Item) => item[unsettledSort] as string;
      const merged = shards
        .flat()
        .filter((item) => after === undefined || sortKey(item) > after)
        .sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1))
        .slice(0, itemsToRead(request));
      return newestFirstPage(merged, request, sortKey, (item) =>
        unsettledInstance(codec.fromItem(item) as UnsettledInstance),
      );
    },
  };
}
