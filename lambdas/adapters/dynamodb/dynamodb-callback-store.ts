import { ITEM_KEYS, RETENTION_SECONDS, TABLE_KEYS } from "../../core/contract/table-layout.ts";
import type { CallbackStore } from "../../core/ports/callback-store.ts";
import type { CallbackRecord } from "../../core/records/callback-record.ts";
import { epochSeconds } from "./epoch-seconds.ts";
import type { FlowTable } from "./flow-table.ts";
import { recordCodec } from "./record-codec.ts";
import { versionedItems } from "./versioned-items.ts";

const codec = recordCodec<CallbackRecord>(["report"]);

/**
 * Callback ids on the table (`{tenant}#C#{id}`), deleted by TTL
 * {@link RETENTION_SECONDS.callback} after they were created.
 *
 * @example
 * const callbacks = dynamoDbCallbackStore(new FlowTable(client, "baton"));
 * await callbacks.put({ ...record, status: "succeeded", version: record.version + 1 }, record.version);
 */
export function dynamoDbCallbackStore(table: FlowTable): CallbackStore {
  const items = versionedItems(table, {
    what: "callback",
    codec,
    key: ITEM_KEYS.callback,
    keyOf: (record) => ITEM_KEYS.callback(record.tenant, record.callbackId),
    attributes: (record) => ({
      [TABLE_KEYS.expiresAt]: epochSeconds(record.createdAt) + RETENTION_SECONDS.callback,
    }),
  });
  return { get: items.get, put: items.put };
}
