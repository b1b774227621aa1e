import { describe, expect, it } from "vitest";
import { parseQuery, parseValidQuery } from "../../lambdas/core/conditions/parse-query.ts";
import type { ConditionNode, QueryNode } from "../../lambdas/core/conditions/query-syntax.ts";

/** The conditions of a tree whose root parsed as a query. */
function conditionsOf(query: unknown): readonly ConditionNode[] {
  const { tree } = parseQuery(query);
  if (tree.kind !== "query") throw new Error(`the root is ${tree.kind}`);
  return tree.conditions;
}

/** The test of a query's only field. */
function fieldTest(query: unknown) {
  const [field] = conditionsOf(query);
  if (field?.kind !== "field") throw new Error("no field");
  return field.test;
}

describe("parseQuery: the tree of a well-formed query", () => {
  it("parses fields, operators and combinations, each node with its path", () => {
    // Prepare
    const query = {
      "input.gb": { $gt: 64, $in: [64, 128] },
      $or: [{ "nodes.lead.outcome": "approved" }, { tags: { $not: { $size: 0 } } }],
    };
    // Act
    const { tree, problems } = parseQuery(query);
    // Assess
    expect(problems).toEqual([]);
    expect(tree).toEqual({
      kind: "query",
      path: [],
      conditions: [
        {
          kind: "field",
          path: ["input.gb"],
          field: "input.gb",
          test: {
            kind: "query",
            path: ["input.gb"],
            conditions: [
              { kind: "ordering", path: ["input.gb", "$gt"], operator: "$gt", operand: 64 },
              {
                kind: "membership",
                path: ["input.gb", "$in"],
                operator: "$in",
                values: [64, 128],
              },
            ],
          },
        },
        {
          kind: "logical",
          path: ["$or"],
          operator: "$or",
          operands: [
            {
              kind: "query",
              path: ["$or", 0],
              conditions: [
                {
                  kind: "field",
                  path: ["$or", 0, "nodes.lead.outcome"],
                  field: "nodes.lead.outcome",
                  test: {
                    kind: "literal",
                    path: ["$or", 0, "nodes.lead.outcome"],
                    value: "approved",
                  },
                },
              ],
            },
            {
              kind: "query",
              path: ["$or", 1],
              conditions: [
                {
                  kind: "field",
                  path: ["$or", 1, "tags"],
                  field: "tags",
                  test: {
                    kind: "query",
                    path: ["$or", 1, "tags"],
                    conditions: [
                      {
                        kind: "not",
                        path: ["$or", 1, "tags", "$not"],
                        operator: "$not",
                        operand: {
                          kind: "query",
                          path: ["$or", 1, "tags", "$not"],
                          conditions: [
                            {
                              kind: "size",
                              path: ["$or", 1, "tags", "$not", "$size"],
                              operator: "$size",
                              operand: 0,
                            },
                          ],
                        },
                      },
                    ],
                  },
                },
              ],
            },
          ],
        },
      ],
    });
  });

  it("reads an object without operators as a literal, compared as data", () => {
    expect(fieldTest({ a: { b: 1 } })).toEqual({ kind: "literal", path: ["a"], value: { b: 1 } });
    expect(fieldTest({ a: {} })).toEqual({ kind: "literal", path: ["a"], value: {} });
  });

  it("parses $all of scalars and of $elemMatch objects", () => {
    // Act
    const test = fieldTest({ tags: { $all: ["x", { $elemMatch: { $gt: 1 } }] } }) as QueryNode;
    // Assess
    expect(test.conditions).toEqual([
      {
        kind: "all",
        path: ["tags", "$all"],
        operator: "$all",
        elements: [
          { kind: "literal", path: ["tags", "$all", 0], value: "x" },
          {
            kind: "elemMatch",
            path: ["tags", "$all", 1, "$elemMatch"],
            operator: "$elemMatch",
            operand: {
              kind: "query",
              path: ["tags", "$all", 1, "$elemMatch"],
              conditions: [
                {
                  kind: "ordering",
                  path: ["tags", "$all", 1, "$elemMatch", "$gt"],
                  operator: "$gt",
                  operand: 1,
                },
              ],
            },
          },
        ],
      },
    ]);
  });
});

describe("parseQuery: refusals", () => {
  it.each([
    ["an operator outside the allowlist", "$mod", [2, 0]],
    ["a refused operator", "$where", "this.a"],
    ["$in without an array", "$in", 1],
    ["$size below zero", "$size", -1],
    ["$size with a fraction", "$size", 1.5],
    ["$exists with a string", "$exists", "yes"],
    ["$type with a name sift lacks", "$type", "boolean"],
    ["$gt with null", "$gt", null],
    ["$eq with a number that is not finite", "$eq", Number.POSITIVE_INFINITY],
    ["$eq with an operator inside its value", "$eq", { $gt: 1 }],
    ["$all with no element", "$all", []],
    ["$all with an object element", "$all", ["x", { a: 1 }]],
    ["$and on a field", "$and", [{ b: 1 }]],
    ["$not with a non-object", "$not", 5],
    ["$elemMatch with an array", "$elemMatch", [1]],
  ])("keeps %s as a malformed part, its sibling parsed", (_, operator, operand) => {
    // Act
    const { tree, problems } = parseQuery({ a: { $lt: 5, [operator]: operand } });
    // Assess
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((problem) => problem.path.slice(0, 2).join() === `a,${operator}`)).toBe(
      true,
    );
    expect(tree).toEqual({
      kind: "query",
      path: [],
      conditions: [
        {
          kind: "field",
          path: ["a"],
          field: "a",
          test: {
            kind: "query",
            path: ["a"],
            conditions: [
              { kind: "ordering", path: ["a", "$lt"], operator: "$lt", operand: 5 },
              { kind: "malformed", path: ["a", operator], raw: operand },
            ],
          },
        },
      ],
    });
  });

  it("keeps $and on a field malformed and still reports what its queries hold", () => {
    // Act
    const { problems } = parseQuery({ a: { $and: [{ $where: "1" }] } });
    // Assess
    expect(problems.map((problem) => problem.path)).toEqual([
      ["a", "$and"],
      ["a", "$and", 0, "$where"],
    ]);
  });

  it("keeps a field name among operators malformed", () => {
    // Act
    const test = fieldTest({ a: { $gt: 1, b: 2 } });
    // Assess
    expect(test).toEqual({
      kind: "query",
      path: ["a"],
      conditions: [
        { kind: "ordering", path: ["a", "$gt"], operator: "$gt", operand: 1 },
        { kind: "malformed", path: ["a", "b"], raw: 2 },
      ],
    });
  });

  it("keeps a literal that is not JSON data malformed, and its field", () => {
    // Act
    const conditions = conditionsOf({ a: [1, /x/], "b.__proto__": 1 });
    // Assess
    expect(conditions).toEqual([
      {
        kind: "field",
        path: ["a"],
        field: "a",
        test: { kind: "malformed", path: ["a"], raw: [1, /x/] },
      },
      {
        kind: "field",
        path: ["b.__proto__"],
        field: "b.__proto__",
        test: { kind: "literal", path: ["b.__proto__"], value: 1 },
      },
    ]);
    expect(parseQuery({ "b.__proto__": 1 }).problems).toHaveLength(1);
  });

  it("keeps an element of $or that is not a query malformed, the others parsed", () => {
    // Act
    const [logical] = conditionsOf({ $or: [5, { a: 1 }] });
    // Assess
    expect(logical?.kind === "logical" && logical.operands.map((operand) => operand.kind)).toEqual([
      "malformed",
      "query",
    ]);
  });

  it("makes a root that is not a plain object malformed", () => {
    // Act
    const { tree, problems } = parseQuery([{ a: 1 }]);
    // Assess
    expect(tree).toEqual({ kind: "malformed", path: [], raw: [{ a: 1 }] });
    expect(problems.map((problem) => problem.message)).toEqual(["a query must be a plain object"]);
  });

  it("stops at a query that contains itself", () => {
    // Prepare
    const query: Record<string, unknown> = { a: 1 };
    query.$or = [query];
    // Act
    const { tree, problems } = parseQuery(query);
    // Assess
    expect(problems.map((problem) => problem.message)).toEqual(["the query refers to itself"]);
    const [, logical] = tree.kind === "query" ? tree.conditions : [];
    expect(logical?.kind === "logical" && logical.operands[0]).toEqual({
      kind: "malformed",
      path: ["$or", 0],
      raw: query,
    });
  });
});

describe("parseValidQuery", () => {
  it("gives the tree of a query without problems, and nothing for one with any", () => {
    expect(parseValidQuery({ a: 1 })?.conditions.map((condition) => condition.kind)).toEqual([
      "field",
    ]);
    expect(parseValidQuery({ a: 1, b: { $regex: "x" } })).toBeUndefined();
    expect(parseValidQuery("a == 1")).toBeUndefined();
  });
});
