import type { Outcome } from "../model/template.ts";

/**
 * A node's completion decided outside the engine — by an approval, a plugin or a timer — as an
 * instance's history records it (`node.completed`) and the scheduler loop hands it on.
 *
 * @example
 * const completion: OutsideCompletion = { node: "lead", outcome: "approved", output: {} };
 */
export interface OutsideCompletion {
  node: string;
  outcome: Outcome;
  output: Record<string, unknown>;
}
