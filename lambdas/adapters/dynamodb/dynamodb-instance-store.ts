import {
  ITEM_KEYS,
  TABLE_INDEXES,
  TEMPLATE_INDEX_KEYS,
  TEMPLATE_SHARDS,
  templateShard,
} from "../../core/contract/table-layout.ts";
import type { InstanceRecordStore } from "../../core/ports/instance-record-store.ts";
import type { InstanceRecord } from "../../core/records/instance-record.ts";
import { cursorSortKey, itemsToRead, newestFirstPage } from "../newest-first-page.ts";
import type { FlowTable, Item } from "./flow-table.ts";
import { recordCodec } from "./record-codec.ts";
import { versionedItems } from "./versioned-items.ts";

const codec = recordCodec<InstanceRecord>(["input"]);
const indexSort = TABLE_INDEXES.byTemplate.sort;

/**
 * Instance records on the table: item `{tenant}#I#{id}` / `I`, carrying the `byTemplate`
 * index keys (its template's shard, then creation time and id). Listing a template queries
 * every shard newest first and merges them; the cursor is the last index sort key returned.
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
    attributes: (record) => ({
      [TABLE_INDEXES.byTemplate.partition]: TEMPLATE_INDEX_KEYS.partition(
        record.tenant,
        record.templateId,
        templateShard(record.instanceId),
      ),
      [indexSort]: TEMPLATE_INDEX_KEYS.sort(record.createdAt, record.instanceId),
    }),
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
            byTemplate: true,
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
  };
}
