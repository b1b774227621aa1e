import type { Query } from "../model/template.ts";
import { createAllowlistedTester } from "./allowlisted-tester.ts";
import { ConditionRefusedError } from "./condition-refused-error.ts";
import { detachedCopy } from "./detached-copy.ts";
import { findQueryProblems } from "./query-problems.ts";

/**
 * Compiles a `when` query into a tester of flow contexts, with sift's semantics restricted to
 * the operator allowlist (SEMANTICS §2, §3). The query is first copied (each value read once,
 * so what is checked is what runs), then checked with `findQueryProblems`, then compiled by
 * {@link createAllowlistedTester}: sift is given only the allowlisted operations, so nothing
 * else (`$where` above all) can run even if a check were missed. Both the query and every
 * document are copied away from `Object.prototype`, so a polluted prototype adds neither
 * operators nor document values.
 *
 * @throws ConditionRefusedError when the query has any problem.
 * @example
 * const holds = createSafeTester({ "input.memoryGb": { $gt: 64 } });
 * holds({ input: { memoryGb: 128 }, nodes: {} }); // true
 * createSafeTester({ $where: "this.x" });        // throws ConditionRefusedError
 */
export function createSafeTester(query: Query): (document: unknown) => boolean {
  const snapshot = detachedCopy(query);
  const problems = findQueryProblems(snapshot);
  if (problems.length > 0) throw new ConditionRefusedError(problems);
  return createAllowlistedTester(snapshot as Query);
}
