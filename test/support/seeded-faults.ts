import fc from "fast-check";

/** Whether an injected fault strikes before the call runs, or after it ran (its answer lost). */
export type FaultTiming = "before" | "after";

/** The resolution of the draws: a fault rate is counted in ten-thousandths. */
const SCALE = 10_000;

/** FNV-1a over a string, as a 32-bit signed integer: a fast-check seed. */
function seedOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

/**
 * Seeded draws of faults for port calls: each (key, port) pair — a flow's tenant and a port
 * method such as `history.append` — has its own stream of fast-check draws seeded from the run's
 * seed, so the n-th call of a port for a flow fails or not the same way in every run with that
 * seed, whatever the other flows do meanwhile. A fault strikes `rate` of the calls, half of them
 * before the call runs and half after (the write applied, its answer lost). Counts what it drew.
 *
 * @example
 * const faults = new SeededFaults(42, 0.1);
 * if (faults.draw("t0001", "history.append") === "before") throw new InjectedFault("…");
 */
export class SeededFaults {
  readonly seed: number;
  readonly rate: number;
  /** Calls seen, by port. */
  readonly calls: Record<string, number> = {};
  /** Faults injected, by port. */
  readonly injected: Record<string, number> = {};
  private readonly streams = new Map<string, Iterator<number>>();

  /**
   * @param seed - the run's seed (print it: the same seed draws the same faults)
   * @param rate - the share of calls that fail, between 0 and 1
   */
  constructor(seed: number, rate: number) {
    if (!(rate >= 0 && rate <= 1)) throw new RangeError(`a fault rate is in [0, 1], not ${rate}`);
    this.seed = seed;
    this.rate = rate;
  }

  /** The next draw of `port` for `key`: a fault and when it strikes, or none. */
  draw(key: string, port: string): FaultTiming | undefined {
    this.calls[port] = (this.calls[port] ?? 0) + 1;
    const value = this.next(key, port);
    if (value >= this.rate * SCALE) return undefined;
    this.injected[port] = (this.injected[port] ?? 0) + 1;
    return value % 2 === 0 ? "before" : "after";
  }

  /** A seeded choice for `key` that is not a fault (a client's pick): an integer in [0, n). */
  pick(key: string, purpose: string, n: number): number {
    return this.next(key, `pick:${purpose}`) % n;
  }

  /** Faults injected in all. */
  total(): number {
    return Object.values(this.injected).reduce((sum, count) => sum + count, 0);
  }

  private next(key: string, stream: string): number {
    const id = `${key}/${stream}`;
    let draws = this.streams.get(id);
    if (!draws) {
      const [values] = fc.sample(
        fc.infiniteStream(fc.noBias(fc.integer({ min: 0, max: SCALE - 1 })), { noHistory: true }),
        { seed: seedOf(`${this.seed}/${id}`), numRuns: 1 },
      );
      if (!values) throw new Error("fast-check sampled nothing");
      draws = values[Symbol.iterator]();
      this.streams.set(id, draws);
    }
    return draws.next().value as number;
  }
}
