import type { FailureOutcome, JoinMode } from "../model/template.ts";
import type { EdgeState } from "./instance-state.ts";

/** What a waiting node's join rule decides from the states of its incoming edges. */
export type JoinDecision =
  | { kind: "wait" }
  | { kind: "activate" }
  | { kind: "skip" }
  | { kind: "poison"; reason: FailureOutcome };

/** Poison reasons from the most severe: a fault, then an expiry, then a decision. */
export const POISON_SEVERITY: readonly FailureOutcome[] = ["failed", "timedOut", "rejected"];

/**
 * The join rule of SEMANTICS §4.3. `all`: poisoned at once by any poisoned edge, else once none
 * is pending it activates if one fired and is skipped if all are dead. `any`: activates as soon
 * as one fired; once none is pending and none fired, poisoned if one was poisoned, else skipped.
 * Where several poisoned edges carry different reasons, the most severe is passed on
 * ({@link POISON_SEVERITY}).
 *
 * @example
 * joinDecision("any", [{ status: "poisoned", reason: "rejected" }, { status: "pending" }]);
 * // { kind: "wait" }
 */
export function joinDecision(join: JoinMode, incoming: readonly EdgeState[]): JoinDecision {
  const fired = incoming.some((edge) => edge.status === "fired");
  const pending = incoming.some((edge) => edge.status === "pending");
  const reason = POISON_SEVERITY.find((severity) =>
    incoming.some((edge) => edge.status === "poisoned" && edge.reason === severity),
  );
  if (join === "all" ? !reason && pending : !fired && pending) return { kind: "wait" };
  if (reason && (join === "all" || !fired)) return { kind: "poison", reason };
  return fired ? { kind: "activate" } : { kind: "skip" };
}
