import type { Reminder, Scheduler } from "../core/ports/scheduler.ts";
import type { PendingReminders } from "./pending-reminders.ts";

/** The longest delay a Node timer can hold (2^31 − 1 ms); longer waits are re-armed. */
const LONGEST_TIMER_MS = 2_147_483_647;

/** Where nothing is kept: reminders last as long as the process. */
const KEEP_NOTHING: PendingReminders = {
  put: async () => {},
  remove: async () => {},
  list: async () => [],
};

/**
 * Reminders of the embedded engine on in-process timers, handed to `fire` when due and
 * repeated every `everySeconds` until cancelled. With a {@link PendingReminders} list they are
 * durable: each is kept until it has fired for the last time (a repeating one with its next
 * due time), and `restore()` arms them again after a restart — one that came due while the
 * engine was down fires at once. A reminder is forgotten only after `fire` returned, so a
 * crash in between sends it again rather than never (reminders are at least once).
 *
 * @example
 * const scheduler = new TimerScheduler((reminder) => sendReminder(backend, reminder), Date.now, sqlitePendingReminders(database));
 * await scheduler.restore();
 */
export class TimerScheduler implements Scheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly fire: (reminder: Reminder) => Promise<void>;
  private readonly now: () => number;
  private readonly kept: PendingReminders;

  /**
   * @param now - the clock, epoch ms. @default Date.now
   * @param kept - where scheduled reminders are kept across restarts. @default nowhere
   */
  constructor(
    fire: (reminder: Reminder) => Promise<void>,
    now: () => number = Date.now,
    kept: PendingReminders = KEEP_NOTHING,
  ) {
    this.fire = fire;
    this.now = now;
    this.kept = kept;
  }

  async schedule(reminder: Reminder): Promise<void> {
    await this.kept.put(reminder);
    this.arm(reminder);
  }

  async cancel(id: string): Promise<void> {
    this.disarm(id);
    await this.kept.remove(id);
  }

  /** Arms every kept reminder again (the engine starts); returns how many. */
  async restore(): Promise<number> {
    const reminders = await this.kept.list();
    for (const reminder of reminders) this.arm(reminder);
    return reminders.length;
  }

  /** Clears every timer, keeping what is scheduled (the engine shuts down). */
  close(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private disarm(id: string): void {
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
  }

  private arm(reminder: Reminder): void {
    this.disarm(reminder.id);
    const delay = Math.max(0, Date.parse(reminder.at) - this.now());
    const timer = setTimeout(
      () => {
        this.timers.delete(reminder.id);
        if (delay > LONGEST_TIMER_MS) this.arm(reminder);
        else void this.due(reminder).catch(() => undefined);
      },
      Math.min(delay, LONGEST_TIMER_MS),
    );
    timer.unref();
    this.timers.set(reminder.id, timer);
  }

  /**
   * Fires a due reminder. A repeating one is kept at its next time first (times missed while
   * the engine was down are skipped), so that a reminder which cancels itself as it fires stays
   * cancelled; a last one is forgotten after it fired.
   */
  private async due(reminder: Reminder): Promise<void> {
    if (reminder.everySeconds) {
      let next = Date.parse(reminder.at) + reminder.everySeconds * 1000;
      while (next <= this.now()) next += reminder.everySeconds * 1000;
      await this.schedule({ ...reminder, at: new Date(next).toISOString() });
      await this.fire(reminder);
      return;
    }
    await this.fire(reminder);
    await this.kept.remove(reminder.id);
  }
}
