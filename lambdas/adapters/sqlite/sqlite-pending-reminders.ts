import type { DatabaseSync } from "node:sqlite";
import type { Reminder } from "../../core/ports/scheduler.ts";
import type { PendingReminders } from "../../embedded/pending-reminders.ts";
import { createFlowSchema } from "./create-flow-schema.ts";
import { groupCommit } from "./group-commit.ts";

/**
 * The embedded engine's scheduled reminders in table `reminders` of its database (created
 * with the others by `createFlowSchema`), keyed by reminder id with its due time beside it.
 *
 * @example
 * const scheduler = new TimerScheduler(fire, Date.now, sqlitePendingReminders(database));
 * await scheduler.restore();
 */
export function sqlitePendingReminders(database: DatabaseSync): PendingReminders {
  createFlowSchema(database);
  const commit = groupCommit(database);
  const upsert = database.prepare(
    `INSERT INTO reminders (id, due_at, record) VALUES (?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET due_at = excluded.due_at, record = excluded.record`,
  );
  const remove = database.prepare("DELETE FROM reminders WHERE id = ?");
  const all = database.prepare("SELECT record FROM reminders ORDER BY due_at, id");
  return {
    put: (reminder) =>
      commit.write(() => {
        upsert.run(reminder.id, reminder.at, JSON.stringify(reminder));
      }),
    remove: (id) =>
      commit.write(() => {
        remove.run(id);
      }),
    list: () =>
      commit.read(() =>
        (all.all() as { record: string }[]).map((row) => JSON.parse(row.record) as Reminder),
      ),
  };
}
