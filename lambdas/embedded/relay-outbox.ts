import type { Backend } from "../core/backend/backend.ts";
import { announceChanges } from "../core/operations/announce-changes.ts";
import type { HistoryEntry } from "../core/records/history-entry.ts";
import type { Outbox } from "./outbox.ts";

/**
 * Publishes the events a crash left in the outbox: history entries appended by a process that
 * died before its bus took their events. Each instance's entries are announced again in `seq`
 * order (`announceChanges`: the event rebuilt from the entry and the instance record as
 * `recordChange` builds it, and the follow-ups of a change — its CC copies, the nodes skipped
 * — which come after the publish, so they broke off with it). The bus takes each event off the
 * outbox once its deliveries were made or kept. Run at start-up, before the executions are taken up, so
 * nothing else publishes meanwhile; resolves with how many entries it relayed. An entry whose
 * instance record is missing (nothing to rebuild the event from) is left where it is.
 *
 * @example
 * const relayed = await relayOutbox(backend, sqliteOutbox(database));
 */
export async function relayOutbox(backend: Backend, outbox: Outbox): Promise<number> {
  const byInstance = new Map<string, HistoryEntry[]>();
  for (const entry of await outbox.left()) {
    const key = JSON.stringify([entry.tenant, entry.instanceId]);
    const entries = byInstance.get(key);
    if (entries) entries.push(entry);
    else byInstance.set(key, [entry]);
  }
  let relayed = 0;
  for (const entries of byInstance.values()) {
    const [first] = entries;
    if (!first) continue;
    const instance = await backend.stores.instances.get(first.tenant, first.instanceId);
    if (!instance) continue;
    await announceChanges(backend, instance, entries);
    relayed += entries.length;
  }
  return relayed;
}
