import type { HistoryEntry } from "../records/history-entry.ts";

/**
 * An instance's append-only history. `append` writes the entry at `seq` (one past the last)
 * only if nothing is there yet; a lost race throws {@link WriteConflictError} and the caller
 * chains again on the new last entry (operations/record-change.ts does).
 *
 * @example
 * const last = await store.last("default", "01J");
 * await store.append(chainEntry(last, entry));
 */
export interface HistoryStore {
  append(entry: HistoryEntry): Promise<void>;
  last(tenant: string, instanceId: string): Promise<HistoryEntry | undefined>;
  /** The whole chain, oldest first. */
  list(tenant: string, instanceId: string): Promise<HistoryEntry[]>;
}
