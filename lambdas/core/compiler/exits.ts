import type { FailureOutcome } from "../model/template.ts";
import type { JsonValue, State } from "./asl.ts";

/** The states of one branch (or of the top level) being written, by name. */
export type Scope = Record<string, State>;

/**
 * Where a component hands over: the states that take each kind of arrival at its far end. Each
 * function writes the state it names when first asked (into the scope the exits belong to).
 */
export interface Exits {
  fired(): string;
  dead(): string;
  poisoned(reason: FailureOutcome): string;
  /**
   * Whether the poisoned exit reads nothing of the state it is given (a `join: all` branch's
   * `Poisoned: …` Pass writes the reason, and the branch only stops its siblings): a Catch
   * going there may leave the error it caught in place of the state (no `ResultPath: null`).
   * @default false
   */
  poisonedReadsNothing?: boolean;
  /** The state that takes a poisoning passed on from a join, its reason in `$.why.Cause`. */
  passedOn(): string;
  /**
   * Whether a poisoning passed on here ends the instance, with nothing in between but joins
   * passing it on in turn (the top level, and a `join: all` branch in a scope where this holds):
   * a join's `Withdraw` before it is left out, as right before an end, which withdraws
   * everything still pending.
   * @default false
   */
  passedOnEnds?: boolean;
  /**
   * Where a poisoning is a constant written into the context before going on (a `join: all`
   * branch puts `{ Cause: reason }` in `$.why`): a state whose own result is of no use, such as
   * the close of a timed-out approval, writes it itself and goes on, in place of the Pass.
   */
  poisonedAs?(reason: FailureOutcome): {
    at: string;
    value: Record<string, JsonValue>;
    next: string;
  };
}
