import type { DatabaseSync } from "node:sqlite";
import type { CallbackStore } from "../../core/ports/callback-store.ts";
import type { CallbackRecord } from "../../core/records/callback-record.ts";
import { VersionedRows } from "./versioned-rows.ts";

/**
 * Callback records in table `callbacks`, keyed by tenant and callback id, written on
 * `version` like approvals.
 *
 * @example
 * const callbacks = sqliteCallbackStore(database);
 * await callbacks.put({ ...record, status: "succeeded", version: 2 }, 1);
 */
export function sqliteCallbackStore(database: DatabaseSync): CallbackStore {
  const rows = new VersionedRows<CallbackRecord>(database, {
    what: "callback",
    table: "callbacks",
    keys: ["tenant", "callback_id"],
    valuesOf: (record) => [record.tenant, record.callbackId],
  });
  return {
    get: (tenant, callbackId) => rows.get([tenant, callbackId]),
    put: (record, expectedVersion) => rows.put(record, expectedVersion),
  };
}
