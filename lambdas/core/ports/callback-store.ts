import type { CallbackRecord } from "../records/callback-record.ts";

/**
 * Callback ids and the tokens they stand for; conditional like the approval store.
 *
 * @example
 * await store.put({ ...record, status: "succeeded", version: record.version + 1 }, record.version);
 */
export interface CallbackStore {
  get(tenant: string, callbackId: string): Promise<CallbackRecord | undefined>;
  put(record: CallbackRecord, expectedVersion?: number): Promise<void>;
}
