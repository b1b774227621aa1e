import fc from "fast-check";
import siftPackage from "sift";
import { describe, expect, it } from "vitest";
import { TYPE_NAMES } from "../../lambdas/core/conditions/operator-allowlist.ts";
import { findQueryProblems } from "../../lambdas/core/conditions/query-problems.ts";
import { createSafeTester } from "../../lambdas/core/conditions/safe-query.ts";
import type { Query } from "../../lambdas/core/model/template.ts";

/** sift's default export: every operation, `$where` included. Only on trusted test data. */
const sift = siftPackage.default;

const PATHS = ["a", "b", "x", "a.b", "a.x", "c.d", "arr", "arr.x", "arr.0", "arr.1.x"];

const scalar = fc.oneof(
  fc.integer({ min: -2, max: 2 }),
  fc.constantFrom("a", "b"),
  fc.boolean(),
  fc.constant(null),
);
const ordered = fc.oneof(fc.integer({ min: -2, max: 2 }), fc.constantFrom("a", "b"));
const scalars = fc.array(scalar, { maxLength: 3 });

/** Documents over PATHS: fields missing or holding numbers, strings, booleans, null, arrays. */
const leafValue = fc.oneof(scalar, scalars);
const objectValue = fc.record({ x: leafValue, b: leafValue }, { requiredKeys: [] });
const value = fc.oneof(
  leafValue,
  objectValue,
  fc.array(fc.oneof(scalar, objectValue), { maxLength: 3 }),
);
const documentArbitrary = fc.record(
  { a: value, b: value, x: value, c: fc.record({ d: value }, { requiredKeys: [] }), arr: value },
  { requiredKeys: [] },
);

/** Queries that use the allowlisted operators only, with well-formed operands. */
const { query: queryArbitrary } = fc.letrec<{
  query: Query;
  fields: Query;
  condition: unknown;
  operators: Query;
}>((tie) => ({
  query: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    tie("fields"),
    fc.record(
      { $and: fc.array(tie("query"), { minLength: 1, maxLength: 2 }) },
      { noNullPrototype: true },
    ),
    fc.record(
      { $or: fc.array(tie("query"), { minLength: 1, maxLength: 2 }) },
      { noNullPrototype: true },
    ),
    fc.record(
      { $nor: fc.array(tie("query"), { minLength: 1, maxLength: 2 }) },
      { noNullPrototype: true },
    ),
    fc.record({ $not: tie("query") }, { noNullPrototype: true }),
  ),
  fields: fc
    .uniqueArray(fc.tuple(fc.constantFrom(...PATHS), tie("condition")), {
      maxLength: 2,
      selector: ([path]) => path,
    })
    .map((entries) => Object.fromEntries(entries)),
  condition: fc.oneof({ depthSize: "small" }, scalar, scalars, tie("operators")),
  operators: fc
    .uniqueArray(
      fc.oneof(
        { depthSize: "small" },
        fc.tuple(fc.constantFrom("$eq", "$ne"), scalar),
        fc.tuple(fc.constantFrom("$gt", "$gte", "$lt", "$lte"), ordered),
        fc.tuple(fc.constantFrom("$in", "$nin"), scalars),
        fc.tuple(fc.constant("$exists"), fc.boolean()),
        fc.tuple(fc.constant("$size"), fc.nat(2)),
        fc.tuple(fc.constant("$type"), fc.constantFrom(...TYPE_NAMES)),
        fc.tuple(
          fc.constant("$all"),
          fc.array(
            fc.oneof(
              scalar,
              fc.record({ $elemMatch: tie("operators") }, { noNullPrototype: true }),
            ),
            {
              minLength: 1,
              maxLength: 2,
            },
          ),
        ),
        fc.tuple(fc.constant("$elemMatch"), fc.oneof(tie("operators"), tie("query"))),
        fc.tuple(fc.constant("$not"), tie("operators")),
      ),
      { minLength: 1, maxLength: 2, selector: ([operator]) => operator },
    )
    .map((entries) => Object.fromEntries(entries)),
}));

describe("createSafeTester agrees with sift on allowlisted queries", () => {
  it("gives sift's answer for random queries and documents", () => {
    const answers = { true: 0, false: 0 };
    fc.assert(
      fc.property(
        queryArbitrary,
        fc.array(documentArbitrary, { minLength: 1, maxLength: 4 }),
        (query, documents) => {
          // Prepare: a query the check accepts
          expect(findQueryProblems(query)).toEqual([]);
          const holds = createSafeTester(query);
          // Act and Assess: sift's default export is the oracle, on trusted generated data only
          const oracle = sift(query);
          for (const document of documents) {
            const answer = holds(document);
            expect(answer).toBe(oracle(document));
            answers[`${answer}`] += 1;
          }
        },
      ),
      { numRuns: Number(process.env.BATON_PROPERTY_RUNS ?? 1000) },
    );
    // Assess: the queries were not all trivially true or false
    const total = answers.true + answers.false;
    expect(Math.min(answers.true, answers.false)).toBeGreaterThan(total / 10);
  });
});
