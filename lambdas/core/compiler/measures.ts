import { statePath } from "../contract/state-paths.ts";

/**
 * Values that native Choice rules on arrays test but cannot compute themselves, such as whether
 * an array holds a value (`States.ArrayContains`). A Pass state (`Measure after <id>`) computes
 * them with intrinsic functions into `$.m` right before the Choice states that route a node's
 * edges; one `Measures` per node, equal expressions sharing a key.
 *
 * @example
 * const measures = new Measures();
 * measures.take("States.ArrayContains($.input.tags, 'vip')"); // "$.m.m0"
 * measures.parameters(); // { "m0.$": "States.ArrayContains($.input.tags, 'vip')" }
 */
export class Measures {
  /** Where the Pass state puts the measured values. */
  static readonly PATH = statePath("m");
  private readonly keys = new Map<string, string>();

  /** The reference path the value of an intrinsic expression will be at, registering it. */
  take(expression: string): string {
    let key = this.keys.get(expression);
    if (key === undefined) {
      key = `m${this.keys.size}`;
      this.keys.set(expression, key);
    }
    return statePath("m", key);
  }

  /** How many values there are to measure. */
  get size(): number {
    return this.keys.size;
  }

  /** The Pass state's `Parameters`: each key with the expression that computes it. */
  parameters(): Record<string, string> {
    return Object.fromEntries([...this.keys].map(([expression, key]) => [`${key}.$`, expression]));
  }
}
