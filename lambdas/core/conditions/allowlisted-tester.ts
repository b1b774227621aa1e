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
import { detachedCopy } from "./detached-copy.ts";
import type { AllowedOperator } from "./operator-allowlist.ts";

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
 * Compiles a `when` query that was already checked — a condition of a template that passed
 * `validateTemplate` (rule `condition-query`, `findQueryProblems`) — into a tester of flow
 * contexts, with sift's semantics restricted to the operator allowlist (SEMANTICS §2, §3). The
 * query is not checked again: sift is given only the allowlisted operations, so any other `$`
 * key (`$where` above all) makes it throw `Unsupported operation` rather than run, and both the
 * query and every document are copied away from `Object.prototype`, so a polluted prototype
 * adds neither operators nor document values. A query from outside, not yet checked, goes
 * through `createSafeTester`, which refuses it with every problem found.
 *
 * @example
 * const holds = createAllowlistedTester({ "input.memoryGb": { $gt: 64 } });
 * holds({ input: { memoryGb: 128 }, nodes: {} }); // true
 * createAllowlistedTester({ $where: "this.x" }); // throws: Unsupported operation: $where
 */
export function createAllowlistedTester(query: Query): (document: unknown) => boolean {
  const options: SiftOptions = Object.assign(Object.create(null), {
    operations: allowlistedOperations,
  });
  const test = createQueryTester<unknown>(detachedCopy(query) as Query, options);
  return (document) => test(detachedCopy(document));
}
