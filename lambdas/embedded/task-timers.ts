/** The longest delay a Node timer can hold (2^31 − 1 ms); longer waits are re-armed. */
const LONGEST_TIMER_MS = 2_147_483_647;

/**
 * Timers of parked Task states that fire at a due time, not after a delay: a state parked
 * again after a restart keeps the due time it had (`TimeoutSeconds` counted from when the
 * task started, `HeartbeatSeconds` from its last heartbeat), and one already past fires at
 * once. Setting a timer under an id replaces the one there.
 *
 * @example
 * const timers = new TaskTimers(() => Date.now());
 * timers.at(`${token}#timeout`, Date.parse(startedAt) + 3_600_000, () => tokens.timeOut(token));
 */
export class TaskTimers {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly now: () => number;

  /** @param now - the clock, epoch ms. */
  constructor(now: () => number) {
    this.now = now;
  }

  /** Calls `fire` at `due` (epoch ms) unless cleared first. */
  at(id: string, due: number, fire: () => void): void {
    this.clear(id);
    const timer = setTimeout(
      () => {
        this.timers.delete(id);
        if (due > this.now()) this.at(id, due, fire);
        else fire();
      },
      Math.min(Math.max(0, due - this.now()), LONGEST_TIMER_MS),
    );
    timer.unref();
    this.timers.set(id, timer);
  }

  clear(id: string): void {
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
  }

  /** Clears every timer (the engine shuts down). */
  close(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
