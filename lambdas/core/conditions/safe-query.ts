import {
  $all,
  $and,
  $elemMatch,
  $eq,
  $exists,
  $gt,
  $gte,
  $in,
  $lt,
  $lte,
  $ne,
  $nin,
  $nor,
  $not,
  $or,
  $size,
  $type,
  createQueryTester,
} from "sift/lib/index.js";
import type { Query } from "../model/template.ts";
import { ConditionRefusedError } from "./condition-refused-error.ts";
import { detachedCopy } from "./detached-copy.ts";
import type { AllowedOperator } from "./operator-allowlist.ts";
import { findQueryProblems } from "./query-problems.ts";

// sift's package entry (`sift`) is CommonJS whose named exports Node cannot see; its UMD build
// in `sift/lib` declares them one by one. Its default export, which merges in every operation
// (`$where` included), is deliberately not imported here.

type SiftOptions = NonNullable<Parameters<typeof createQueryTester>[1]>;
type SiftOperation = NonNullable<SiftOptions["operations"]>[string];

/** Exactly the allowlisted operations; `satisfies` fails the build if one is missing or extra. */
const allowlistedOperations = {
  $eq,
  $ne,
  $gt,
  $gte,
  $lt,
  $lte,
  $in,
  $nin,
  $exists,
  $and,
  $or,
  $nor,
  $not,
  $all,
  $size,
  $elemMatch,
  $type,
} satisfies Record<AllowedOperator, SiftOperation>;

/**
 * Compiles a `when` query into a tester of flow contexts, with sift's semantics restricted to
 * the operator allowlist (SEMANTICS §2, §3). The query is first copied (each value read once,
 * so what is checked is what runs), then checked with `findQueryProblems`; sift is given only
 * the allowlisted operations, so nothing else (`$where` above all) can run even if a check
 * were missed. Both the query and every document are copied away from `Object.prototype`, so a
 * polluted prototype adds neither operators nor document values.
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
  const options: SiftOptions = Object.assign(Object.create(null), {
    operations: allowlistedOperations,
  });
  const test = createQueryTester<unknown>(snapshot as Query, options);
  return (document) => test(detachedCopy(document));
}
