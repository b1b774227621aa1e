import type { HistoryEntry } from "../core/records/history-entry.ts";

/**
 * The history entries whose events the local bus has not taken yet: written with each append
 * (a trigger of the SQLite store) and taken off by the bus once every delivery of the event was
 * made or kept (`DeliveryQueue.accept`, after the first attempts). What is left after a crash
 * is relayed at the next start (`relayOutbox`).
 *
 * @example
 * for (const entry of await outbox.left()) console.log(entry.instanceId, entry.seq);
 */
export interface Outbox {
  /** The entries still in the outbox, by tenant, instance and `seq`. */
  left(): Promise<HistoryEntry[]>;
}
