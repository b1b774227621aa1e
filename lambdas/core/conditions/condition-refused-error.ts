import { formatQueryProblem, type QueryProblem } from "./query-problems.ts";

/**
 * Thrown where a `when` query is to be evaluated and it uses something conditions may not:
 * an operator outside the allowlist, a forbidden path segment, a malformed operand. Carries
 * every problem found.
 *
 * @example
 * try { createSafeTester({ $where: "this.a > 1" }); }
 * catch (error) {
 *   if (error instanceof ConditionRefusedError) console.log(error.problems[0]?.operator); // "$where"
 * }
 */
export class ConditionRefusedError extends Error {
  override readonly name = "ConditionRefusedError";
  readonly problems: readonly QueryProblem[];

  constructor(problems: readonly QueryProblem[]) {
    const first = problems[0];
    const summary = first ? formatQueryProblem(first) : "no problem given";
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : "";
    super(`condition refused: ${summary}${more}`);
    this.problems = problems;
  }
}
