import { ITEM_KEYS, RETENTION_SECONDS, TABLE_KEYS } from "../../core/contract/table-layout.ts";
import type { CallbackStore } from "../../core/ports/callback-store.ts";
import type { CallbackRecord } from "../../core/records/callback-record.ts";
import { epochSeconds } from "./epoch-seconds.ts";
import type { FlowTable } from "./flow-table.ts";
import { recordCodec } from "./record-codec.ts";
import { versionCondition } from "./write-conditions.ts";
import { writeOrConflict } from "./write-or-conflict.ts";

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
  const get = async (tenant: string, callbackId: string) => {
    const item = await table.get(ITEM_KEYS.callback(tenant, callbackId));
    return item && codec.fromItem(item);
  };
  return {
    get,
    put: (record, expectedVersion) =>
      writeOrConflict(
        "callback",
        table.put(
          codec.toItem(record, ITEM_KEYS.callback(record.tenant, record.callbackId), {
            [TABLE_KEYS.expiresAt]: epochSeconds(record.createdAt) + RETENTION_SECONDS.callback,
          }),
          versionCondition(expectedVersion),
        ),
        () => get(record.tenant, record.callbackId),
      ),
  };
}
