/**
 * How many turns of the event loop a replay may go without the next recorded result being
 * asked for before it counts as stalled. Between two results a replayed machine only runs
 * promise callbacks (recorded tasks answer at once, its timers are not armed yet, retry waits
 * are skipped), which all run before the next turn; a few turns more are headroom.
 */
export const STALL_TURNS = 10;

/**
 * Hands a replayed execution its recorded results in the order they first completed: the
 * result recorded n-th goes to the machine only once those before it went and the machine
 * has taken them in (one turn of the event loop each). Branches that raced therefore race
 * the same way again: a `join: any` is won by the branch that won it. No result waits for
 * one recorded after it, since a state is entered only after the results it depends on came.
 * If the next result is not asked for within {@link STALL_TURNS} turns (the replay went
 * another way), the order is given up, what waits is let through, and `onStall` says so.
 * Make the gate right before the machine starts: it starts counting turns at once.
 *
 * @example
 * const gate = new ReplayGate([1, 2, 3], (seq) => warn(`result ${seq} never asked for`));
 * await gate.turn(2); // after result 1 went
 * await gate.drained; // every recorded result went: live calls may start
 */
export class ReplayGate {
  /** Resolves once every recorded result went (or the order was given up). */
  readonly drained: Promise<void>;
  private readonly order: number[];
  private next = 0;
  private readonly waiting = new Map<number, () => void>();
  private readonly done: () => void;
  private readonly onStall: (seq: number) => void;
  private scheduled = false;
  private idle = 0;
  private free: boolean;

  /**
   * @param seqs - the completion order numbers of the recorded results
   * @param onStall - told the order number nobody asked for when the order is given up
   */
  constructor(seqs: Iterable<number>, onStall: (seq: number) => void) {
    this.order = [...new Set(seqs)].sort((a, b) => a - b);
    this.onStall = onStall;
    const { promise, resolve } = Promise.withResolvers<void>();
    this.drained = promise;
    this.done = resolve;
    this.free = this.order.length === 0;
    if (this.free) resolve();
    else this.schedule();
  }

  /** Resolves when the result recorded with `seq` may go to the machine. */
  turn(seq: number): Promise<void> {
    if (this.free) return Promise.resolve();
    const { promise, resolve } = Promise.withResolvers<void>();
    this.waiting.set(seq, resolve);
    this.idle = 0;
    this.schedule();
    return promise;
  }

  /** Lets everything through from now on, saying nothing (the execution ended). */
  abandon(): void {
    if (!this.free) this.finish();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    if (this.free) return;
    const seq = this.order[this.next] as number;
    const release = this.waiting.get(seq);
    if (release) {
      this.waiting.delete(seq);
      this.next += 1;
      this.idle = 0;
      release();
      if (this.next === this.order.length) this.finish();
      else this.schedule();
      return;
    }
    this.idle += 1;
    if (this.idle < STALL_TURNS) {
      this.schedule();
      return;
    }
    this.onStall(seq);
    this.finish();
  }

  private finish(): void {
    this.free = true;
    for (const release of this.waiting.values()) release();
    this.waiting.clear();
    this.done();
  }
}
