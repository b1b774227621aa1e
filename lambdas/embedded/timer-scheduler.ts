import type { Reminder, Scheduler } from "../core/ports/scheduler.ts";

/** The longest delay a Node timer can hold (2^31 − 1 ms); longer waits are re-armed. */
const LONGEST_TIMER_MS = 2_147_483_647;

/**
 * Reminders of the embedded engine on in-process timers, handed to `fire` when due and
 * repeated every `everySeconds` until cancelled. Not durable across restarts: the durable
 * timer list comes with the embedded engine's durability.
 *
 * @example
 * const scheduler = new TimerScheduler((reminder) => sendReminder(backend, reminder));
 */
export class TimerScheduler implements Scheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly fire: (reminder: Reminder) => Promise<void>;
  private readonly now: () => number;

  /** @param now - the clock, epoch ms. @default Date.now */
  constructor(fire: (reminder: Reminder) => Promise<void>, now: () => number = Date.now) {
    this.fire = fire;
    this.now = now;
  }

  async schedule(reminder: Reminder): Promise<void> {
    await this.cancel(reminder.id);
    const delay = Math.max(0, Date.parse(reminder.at) - this.now());
    const timer = setTimeout(
      () => {
        this.timers.delete(reminder.id);
        if (delay > LONGEST_TIMER_MS) {
          void this.schedule(reminder);
          return;
        }
        if (reminder.everySeconds) {
          const next = new Date(
            Date.parse(reminder.at) + reminder.everySeconds * 1000,
          ).toISOString();
          void this.schedule({ ...reminder, at: next });
        }
        void this.fire(reminder);
      },
      Math.min(delay, LONGEST_TIMER_MS),
    );
    timer.unref();
    this.timers.set(reminder.id, timer);
  }

  async cancel(id: string): Promise<void> {
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
  }

  /** Clears every timer (the engine shuts down). */
  close(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
