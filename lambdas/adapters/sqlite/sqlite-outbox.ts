import type { DatabaseSync } from "node:sqlite";
import type { HistoryEntry } from "../../core/records/history-entry.ts";
import type { Outbox } from "../../embedded/outbox.ts";
import { createFlowSchema } from "./create-flow-schema.ts";
import { groupCommit } from "./group-commit.ts";

/**
 * The outbox of the embedded engine's database: table `outbox`, filled by the trigger on
 * `history` (created with the others by `createFlowSchema`, also on a database made before it
 * existed; entries appended before that are not in it). Reads each row's history entry by key.
 *
 * @example
 * const relayed = await relayOutbox(backend, sqliteOutbox(database));
 */
export function sqliteOutbox(database: DatabaseSync): Outbox {
  createFlowSchema(database);
  const commit = groupCommit(database);
  const left = database.prepare(
    `SELECT history.record FROM outbox
     JOIN history ON history.tenant = outbox.tenant AND history.instance_id = outbox.instance_id
       AND history.seq = outbox.seq
     ORDER BY outbox.tenant, outbox.instance_id, outbox.seq`,
  );
  return {
    left: () =>
      commit.read(() =>
        (left.all() as { record: string }[]).map((row) => JSON.parse(row.record) as HistoryEntry),
      ),
  };
}
