import { TABLE_INDEXES, TABLE_KEYS, type TableKey } from "../../core/contract/table-layout.ts";
import type { Item } from "./flow-table.ts";

/** The attributes an item has besides its record's fields. */
const KEY_ATTRIBUTES: readonly string[] = [
  TABLE_KEYS.partition,
  TABLE_KEYS.sort,
  TABLE_KEYS.expiresAt,
  TABLE_INDEXES.byTemplate.partition,
  TABLE_INDEXES.byTemplate.sort,
  TABLE_INDEXES.unsettled.partition,
  TABLE_INDEXES.unsettled.sort,
];

/** How a kind of record becomes an item and back. */
export interface RecordCodec<T> {
  /** The item of `record` under `key`, with `attributes` beside (index keys, TTL). */
  toItem(record: T, key: TableKey, attributes?: Item): Item;
  fromItem(item: Item): T;
}

/**
 * Stores a record's fields as attributes beside the item's keys. The fields named in
 * `jsonFields` hold free-form JSON (start input, form values, details) and are stored as JSON
 * text: DynamoDB numbers cannot carry every JSON number (above 2^53 they read back as BigInt,
 * from 1e126 they are refused), and JSON text round-trips any JSON value exactly.
 *
 * @example
 * const codec = recordCodec<InstanceRecord>(["input"]);
 * const item = codec.toItem(record, ITEM_KEYS.instance(record.tenant, record.instanceId));
 */
export function recordCodec<T extends object>(
  jsonFields: readonly (keyof T & string)[],
): RecordCodec<T> {
  const isJson = new Set<string>(jsonFields);
  return {
    toItem: (record, key, attributes = {}) => {
      const item: Item = {};
      for (const [field, value] of Object.entries(record)) {
        if (value !== undefined) item[field] = isJson.has(field) ? JSON.stringify(value) : value;
      }
      return { ...item, ...attributes, ...key };
    },
    fromItem: (item) => {
      const record: Item = {};
      for (const [field, value] of Object.entries(item)) {
        if (KEY_ATTRIBUTES.includes(field)) continue;
        record[field] = isJson.has(field) ? JSON.parse(value as string) : value;
      }
      return record as T;
    },
  };
}
