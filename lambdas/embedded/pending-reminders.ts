import type { Reminder } from "../core/ports/scheduler.ts";

/**
 * Where the embedded engine keeps the reminders it has scheduled, so that they still fire
 * after a restart: a table of the SQLite store under `baton dev`, nothing in tests.
 *
 * @example
 * await pending.put(reminder);
 * for (const kept of await pending.list()) arm(kept);
 */
export interface PendingReminders {
  /** Keeps a reminder; one with the same id is replaced. */
  put(reminder: Reminder): Promise<void>;
  /** Forgets a reminder; an unknown id changes nothing. */
  remove(id: string): Promise<void>;
  /** Every reminder kept, soonest first. */
  list(): Promise<Reminder[]>;
}
