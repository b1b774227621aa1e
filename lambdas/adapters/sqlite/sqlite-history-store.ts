import type { DatabaseSync } from "node:sqlite";
import type { HistoryStore } from "../../core/ports/history-store.ts";
import { WriteConflictError } from "../../core/ports/write-conflict-error.ts";
import type { HistoryEntry } from "../../core/records/history-entry.ts";
import { groupCommit } from "./group-commit.ts";
import { storedRecord } from "./stored-record.ts";

/**
 * An instance's history in table `history`, keyed by tenant, instance and `seq`. `append`
 * inserts at `seq` only if that position is free; the loser of a race gets the conflict with
 * the chain's new last entry.
 *
 * @example
 * const history = sqliteHistoryStore(database);
 * const entries = await history.list("default", "01J");
 */
export function sqliteHistoryStore(database: DatabaseSync): HistoryStore {
  const commit = groupCommit(database);
  const insert = database.prepare(
    "INSERT INTO history (tenant, instance_id, seq, record) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
  );
  const chain = "SELECT record FROM history WHERE tenant = ? AND instance_id = ? ORDER BY seq";
  const lastOne = database.prepare(`${chain} DESC LIMIT 1`);
  const all = database.prepare(chain);
  const last = (tenant: string, instanceId: string) =>
    storedRecord<HistoryEntry>(lastOne.get(tenant, instanceId));
  return {
    append: (entry) =>
      commit.write(() => {
        const { changes } = insert.run(
          entry.tenant,
          entry.instanceId,
          entry.seq,
          JSON.stringify(entry),
        );
        if (changes === 0) {
          throw new WriteConflictError("history entry", last(entry.tenant, entry.instanceId));
        }
      }),
    last: (tenant, instanceId) => commit.read(() => last(tenant, instanceId)),
    list: (tenant, instanceId) =>
      commit.read(() =>
        all.all(tenant, instanceId).map((row) => storedRecord<HistoryEntry>(row) as HistoryEntry),
      ),
  };
}
