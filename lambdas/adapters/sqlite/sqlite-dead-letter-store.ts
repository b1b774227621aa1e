import type { DatabaseSync } from "node:sqlite";
import type { DeadLetterStore } from "../../core/ports/dead-letter-store.ts";
import type { DeadLetter } from "../../core/records/dead-letter.ts";
import { deadLetterSortKey } from "../dead-letter-order.ts";
import { cursorSortKey, itemsToRead, newestFirstPage } from "../newest-first-page.ts";
import { createFlowSchema } from "./create-flow-schema.ts";
import { groupCommit } from "./group-commit.ts";
import { type Row, storedRecord } from "./stored-record.ts";

/**
 * Dead letters in table `dead_letters` of the embedded engine's database (created with the
 * others by `createFlowSchema`), keyed by id and listed through the index on their sort key
 * (`deadLetterSortKey`): they survive restarts, and `baton dlq` reads them from the
 * data folder while `baton dev` runs.
 *
 * @example
 * const deadLetters = sqliteDeadLetterStore(openFlowDatabase(".baton/baton.db"));
 * const { items } = await deadLetters.list();
 */
export function sqliteDeadLetterStore(database: DatabaseSync): DeadLetterStore {
  createFlowSchema(database);
  const commit = groupCommit(database);
  const upsert = database.prepare(
    `INSERT INTO dead_letters (id, sort_key, record) VALUES (?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET sort_key = excluded.sort_key, record = excluded.record`,
  );
  const select = database.prepare("SELECT record FROM dead_letters WHERE id = ?");
  const first = database.prepare(
    "SELECT sort_key, record FROM dead_letters ORDER BY sort_key LIMIT ?",
  );
  const after = database.prepare(
    "SELECT sort_key, record FROM dead_letters WHERE sort_key > ? ORDER BY sort_key LIMIT ?",
  );
  const remove = database.prepare("DELETE FROM dead_letters WHERE id = ?");
  return {
    put: (letter) =>
      commit.write(() => {
        upsert.run(letter.id, deadLetterSortKey(letter), JSON.stringify(letter));
      }),
    get: (id) => commit.read(() => storedRecord<DeadLetter>(select.get(id) as Row | undefined)),
    list: (request) =>
      commit.read(() => {
        const from = cursorSortKey(request?.cursor);
        const rows = (
          from === undefined
            ? first.all(itemsToRead(request))
            : after.all(from, itemsToRead(request))
        ) as Row[];
        return newestFirstPage(
          rows,
          request,
          (row) => String(row.sort_key),
          (row) => storedRecord<DeadLetter>(row) as DeadLetter,
        );
      }),
    remove: (id) => commit.write(() => Number(remove.run(id).changes) > 0),
  };
}
