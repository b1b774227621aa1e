import siftPackage from "sift";
import { describe, expect, it } from "vitest";
import { ConditionRefusedError } from "../../lambdas/core/conditions/condition-refused-error.ts";
import { createSafeTester } from "../../lambdas/core/conditions/safe-query.ts";
import type { Query } from "../../lambdas/core/model/template.ts";

/** sift's default export: every operation, `$where` included. Only on trusted test data. */
const sift = siftPackage.default;

/** A flow context as SEMANTICS §3 describes it. */
const CONTEXT = {
  input: {
    memoryGb: 128,
    cluster: "eu-1",
    urgent: true,
    owner: null,
    tags: ["prod", "cache"],
    sizes: [8, 64],
  },
  nodes: {
    lead: {
      outcome: "approved",
      output: {
        amount: 1500,
        items: [
          { sku: "a", qty: 2 },
          { sku: "b", qty: 0 },
        ],
      },
    },
  },
};

/** [what it shows, query, expected outcome on CONTEXT]. */
const CASES: [string, Query, boolean][] = [
  // numbers
  ["$gt on a number", { "input.memoryGb": { $gt: 64 } }, true],
  ["$lte on a number", { "input.memoryGb": { $lte: 64 } }, false],
  ["equality on a number", { "input.memoryGb": 128 }, true],
  ["no coercion: a number is not its string", { "input.memoryGb": "128" }, false],
  ["no coercion: $gt with a string operand on a number", { "input.memoryGb": { $gt: "1" } }, false],
  // strings
  ["$in on a string", { "input.cluster": { $in: ["eu-1", "us-1"] } }, true],
  ["$nin on a string", { "input.cluster": { $nin: ["eu-1"] } }, false],
  ["$lt compares strings by code unit", { "input.cluster": { $lt: "f" } }, true],
  // booleans
  ["equality on a boolean", { "input.urgent": true }, true],
  ["$ne on a boolean", { "input.urgent": { $ne: false } }, true],
  ["$type bool", { "input.urgent": { $type: "bool" } }, true],
  // arrays
  ["a scalar matches any element", { "input.tags": "prod" }, true],
  ["an array matches the whole array", { "input.tags": ["prod", "cache"] }, true],
  ["whole-array equality keeps order", { "input.tags": ["cache", "prod"] }, false],
  ["$all ignores order", { "input.tags": { $all: ["cache", "prod"] } }, true],
  ["$size", { "input.tags": { $size: 2 } }, true],
  ["$gt holds when any element is greater", { "input.sizes": { $gt: 32 } }, true],
  ["$lt fails when no element is less", { "input.sizes": { $lt: 8 } }, false],
  ["$ne fails when any element is equal", { "input.tags": { $ne: "prod" } }, false],
  ["$nin holds when no element is listed", { "input.tags": { $nin: ["dev"] } }, true],
  ["$type array", { "input.tags": { $type: "array" } }, true],
  ["$type string holds for an array of strings", { "input.tags": { $type: "string" } }, true],
  ["sift reads .length of an array as a field", { "input.tags.length": 2 }, true],
  // missing fields and null
  ["$exists false on a missing field", { "input.missing": { $exists: false } }, true],
  ["$ne holds on a missing field", { "input.missing": { $ne: 1 } }, true],
  ["$nin holds on a missing field", { "input.missing": { $nin: [1] } }, true],
  ["null matches a missing field", { "input.missing": null }, true],
  ["$gt fails on a missing field", { "input.missing": { $gt: 0 } }, false],
  ["$lt fails on a missing field", { "input.missing": { $lt: 0 } }, false],
  ["$not $gt holds on a missing field", { "input.missing": { $not: { $gt: 0 } } }, true],
  ["$type null fails on a missing field", { "input.missing": { $type: "null" } }, false],
  ["null matches a null field", { "input.owner": null }, true],
  ["$exists holds on a null field", { "input.owner": { $exists: true } }, true],
  ["$type null holds on a null field", { "input.owner": { $type: "null" } }, true],
  ["$ne null fails on a null field", { "input.owner": { $ne: null } }, false],
  ["$ne null fails on a missing field", { "input.missing": { $ne: null } }, false],
  ["$gt fails on a null field", { "input.owner": { $gt: 0 } }, false],
  // nested paths
  ["a node's output", { "nodes.lead.output.amount": { $gte: 1000 } }, true],
  ["a node's outcome", { "nodes.lead.outcome": "approved" }, true],
  ["a path through an array of objects", { "nodes.lead.output.items.sku": "b" }, true],
  ["an index in a path", { "nodes.lead.output.items.1.sku": "b" }, true],
  [
    "$elemMatch needs one element to match all",
    { "nodes.lead.output.items": { $elemMatch: { sku: "b", qty: { $gt: 0 } } } },
    false,
  ],
  [
    "without $elemMatch, conditions may hold on different elements",
    { "nodes.lead.output.items.sku": "b", "nodes.lead.output.items.qty": { $gt: 0 } },
    true,
  ],
  ["a node that has not completed", { "nodes.dba": { $exists: false } }, true],
  ["$ne through a missing node", { "nodes.dba.outcome": { $ne: "rejected" } }, true],
  // combinations
  ["$or", { $or: [{ "input.memoryGb": { $lt: 64 } }, { "input.urgent": true }] }, true],
  ["$and", { $and: [{ "input.memoryGb": { $gt: 64 } }, { "input.cluster": "us-1" }] }, false],
  ["$nor", { $nor: [{ "input.cluster": "us-1" }, { "input.urgent": false }] }, true],
  ["a top-level $not", { $not: { "input.cluster": "eu-1" } }, false],
  ["the empty query", {}, true],
];

describe("createSafeTester: sift's semantics on the allowlist (SEMANTICS §3)", () => {
  it.each(CASES)("%s", (_shows, query, expected) => {
    // Prepare
    const holds = createSafeTester(query);
    // Act
    const result = holds(CONTEXT);
    // Assess: what we expect, and what sift itself says on this trusted query
    expect(result).toBe(expected);
    expect(sift(query)(CONTEXT)).toBe(expected);
  });

  it("can be used again and again, on different documents", () => {
    const holds = createSafeTester({ "input.memoryGb": { $gt: 64 } });
    const results = [128, 12, 65, 64].map((memoryGb) => holds({ input: { memoryGb } }));
    expect(results).toEqual([true, false, true, false]);
  });

  it("tests documents of any prototype, leaving them as they were", () => {
    // Prepare
    const document = Object.assign(Object.create(null), { input: { tags: ["a"] } });
    const before = JSON.stringify(document);
    // Act
    const result = createSafeTester({ "input.tags": { $elemMatch: { $eq: "a" } } })(document);
    // Assess
    expect(result).toBe(true);
    expect(JSON.stringify(document)).toBe(before);
  });

  it("answers false, not an error, for documents that are not objects", () => {
    const holds = createSafeTester({ a: 1 });
    expect([null, undefined, 1, "a", [1]].map((document) => holds(document))).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it("keeps the query it was given: changing it afterwards changes nothing", () => {
    // Prepare
    const query: Query = { "input.memoryGb": { $gt: 64 } };
    const holds = createSafeTester(query);
    // Act
    query["input.memoryGb"] = { $gt: 1000 };
    // Assess
    expect(holds({ input: { memoryGb: 128 } })).toBe(true);
  });
});

describe("createSafeTester: refusal", () => {
  it.each<[string, Query, Partial<{ operator: string; segment: string }>]>([
    ["$where", { $where: "true" }, { operator: "$where" }],
    ["$regex", { a: { $regex: "x" } }, { operator: "$regex" }],
    ["a RegExp value", { a: /x/ }, { operator: "$regex" }],
    ["$mod", { a: { $mod: [2, 0] } }, { operator: "$mod" }],
    ["__proto__ in a path", { "a.__proto__.b": 1 }, { segment: "__proto__" }],
    ["a malformed $in", { a: { $in: 1 } }, { operator: "$in" }],
    ["an unknown $type", { a: { $type: "boolean" } }, { operator: "$type" }],
  ])("throws ConditionRefusedError for %s, naming the cause", (_cause, query, cause) => {
    // Act
    const act = () => createSafeTester(query);
    // Assess
    expect(act).toThrow(ConditionRefusedError);
    try {
      act();
    } catch (error) {
      expect(error).toBeInstanceOf(Error);
      expect((error as ConditionRefusedError).name).toBe("ConditionRefusedError");
      expect((error as ConditionRefusedError).problems[0]).toMatchObject(cause);
      expect((error as Error).message).toContain(cause.operator ?? cause.segment);
    }
  });

  it("lists every problem and summarises the first in its message", () => {
    // Act
    let caught: unknown;
    try {
      createSafeTester({ $or: [{ "a.b": { $elemMatch: { $where: "1" } } }], c: { $size: -1 } });
    } catch (error) {
      caught = error;
    }
    // Assess
    expect(caught).toBeInstanceOf(ConditionRefusedError);
    const refused = caught as ConditionRefusedError;
    expect(refused.problems.map((problem) => problem.operator)).toEqual(["$where", "$size"]);
    expect(refused.message).toBe(
      'condition refused: $or[0]["a.b"].$elemMatch.$where: operator $where is not allowed ' +
        "(it runs code) (and 1 more)",
    );
  });
});
