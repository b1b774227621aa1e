import type { ApprovalLogEntry } from "../engine/instance-state.ts";
import { RESERVED_VALUE_KEYS } from "./reserved-value-keys.ts";

/**
 * The context output of a decided approval (docs/semantics.md §5): who decided (approve or
 * reject), in order, merged with the `output` (form values, comment) of each decision, later
 * keys winning — except `decidedBy`, and `timedOut` when `timedOut` is set, which always win
 * over a decision's values. Keys that could reach an object's prototype (`__proto__`,
 * `constructor`, `prototype`) are dropped; the result is a plain object with own data
 * properties only. Every engine builds an approval's output here.
 *
 * @param timedOut - whether the node timed out (its output then says `timedOut: true`). @default false
 * @example
 * approvalOutput([{ seat: 0, by: "al", act: "approve", output: { level: 2 } }]);
 * // { decidedBy: ["al"], level: 2 }
 */
export function approvalOutput(
  log: readonly ApprovalLogEntry[],
  timedOut = false,
): Record<string, unknown> {
  const decisions = log.filter((entry) => entry.act === "approve" || entry.act === "reject");
  const merged = new Map<string, unknown>([["decidedBy", decisions.map((entry) => entry.by)]]);
  const fixed = new Set(["decidedBy", ...(timedOut ? ["timedOut"] : [])]);
  for (const entry of decisions) {
    for (const [key, value] of Object.entries(entry.output ?? {})) {
      if (!fixed.has(key) && !RESERVED_VALUE_KEYS.has(key)) merged.set(key, value);
    }
  }
  if (timedOut) merged.set("timedOut", true);
  return Object.fromEntries(merged);
}
