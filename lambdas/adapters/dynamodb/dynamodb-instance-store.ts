import {
  ITEM_KEYS,
  TABLE_INDEXES,
  TEMPLATE_INDEX_KEYS,
  TEMPLATE_SHARDS,
  templateShard,
} from "../../core/contract/table-layout.ts";
import type { InstanceRecordStore } from "../../core/ports/instance-record-store.ts";
import type { InstanceRecord } from "../../core/records/instance-record.ts";
import type { FlowTable, Item } from "./flow-table.ts";
import { cursorSortKey, itemsToRead, newestFirstPage } from "../newest-first-page.ts";
import { recordCodec } from "./record-codec.ts";
import { atVersion, ITEM_ABSENT } from "./write-conditions.ts";
import { writeOrConflict } from "./write-or-conflict.ts";

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
  const get = async (tenant: string, instanceId: string) => {
    const item = await table.get(ITEM_KEYS.instance(tenant, instanceId));
    return item && codec.fromItem(item);
  };
  const itemOf = (record: InstanceRecord): Item =>
    codec.toItem(record, ITEM_KEYS.instance(record.tenant, record.instanceId), {
      [TABLE_INDEXES.byTemplate.partition]: TEMPLATE_INDEX_KEYS.partition(
        record.tenant,
        record.templateId,
        templateShard(record.instanceId),
      ),
      [indexSort]: TEMPLATE_INDEX_KEYS.sort(record.createdAt, record.instanceId),
    });
  return {
    get,
    create: (record) =>
      writeOrConflict("instance", table.put(itemOf(record), ITEM_ABSENT), () =>
        get(record.tenant, record.instanceId),
      ),
    update: (record, expectedVersion) =>
      writeOrConflict("instance", table.put(itemOf(record), atVersion(expectedVersion)), () =>
        get(record.tenant, record.instanceId),
      ),
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
