import type { TableKey } from "../../core/contract/table-layout.ts";
import type { FlowTable, Item } from "./flow-table.ts";
import type { RecordCodec } from "./record-codec.ts";
import { versionCondition } from "./write-conditions.ts";
import { writeOrConflict } from "./write-or-conflict.ts";

/** Where one kind of versioned record lives on the table. */
export interface VersionedItemLayout<T, K extends unknown[]> {
  /** What a conflict names ("approval"). */
  what: string;
  codec: RecordCodec<T>;
  /** The key of the item named by `parts` (`ITEM_KEYS.approval`). */
  key: (...parts: K) => TableKey;
  /** The key of a record's item. */
  keyOf: (record: T) => TableKey;
  /**
   * The attributes a record's item has beside its fields (index keys, TTL).
   *
   * @default none
   */
  attributes?: (record: T) => Item;
}

/** Reads by key and version-conditioned writes of one kind of record. */
export interface VersionedItems<T, K extends unknown[]> {
  /** The record of the item named by `parts` (a strongly consistent read), if any. */
  get(...parts: K): Promise<T | undefined>;
  /** Creates `record` (no `expectedVersion`) or replaces the one stored at `expectedVersion`. */
  put(record: T, expectedVersion?: number): Promise<void>;
}

/**
 * Items of records written only with a condition on `version`, the rule of every versioned
 * store port (as the SQLite adapter's `VersionedRows`): `put` without an expected version
 * creates and fails if the item exists; with one, it replaces the item only where `version`
 * still is that. A lost condition throws `WriteConflictError` carrying the record as it now
 * stands.
 *
 * @example
 * const callbacks = versionedItems(table, {
 *   what: "callback", codec, key: ITEM_KEYS.callback,
 *   keyOf: (record) => ITEM_KEYS.callback(record.tenant, record.callbackId),
 * });
 * await callbacks.put({ ...record, version: 2 }, 1);
 */
export function versionedItems<T extends object, K extends unknown[]>(
  table: FlowTable,
  layout: VersionedItemLayout<T, K>,
): VersionedItems<T, K> {
  const { codec } = layout;
  const read = async (key: TableKey) => {
    const item = await table.get(key);
    return item && codec.fromItem(item);
  };
  return {
    get: (...parts) => read(layout.key(...parts)),
    put: (record, expectedVersion) => {
      const key = layout.keyOf(record);
      return writeOrConflict(
        layout.what,
        table.put(
          codec.toItem(record, key, layout.attributes?.(record)),
          versionCondition(expectedVersion),
        ),
        () => read(key),
      );
    },
  };
}
