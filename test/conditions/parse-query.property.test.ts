import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TYPE_NAMES } from "../../lambdas/core/conditions/operator-allowlist.ts";
import { parseQuery } from "../../lambdas/core/conditions/parse-query.ts";
import type {
  ConditionNode,
  LiteralNode,
  QueryNode,
} from "../../lambdas/core/conditions/query-syntax.ts";
import type { Query } from "../../lambdas/core/model/template.ts";
import { queryArbitrary as templateQueryArbitrary } from "../support/arbitraries.ts";
import { conditionQueryArbitrary } from "../support/condition-arbitraries.ts";
import { printQuery } from "../support/print-query.ts";

const RUNS = { numRuns: Number(process.env.BATON_PROPERTY_RUNS ?? 500) };

const scalar = fc.oneof(
  fc.integer({ min: -2, max: 3 }),
  fc.constantFrom("a", "x.y", ""),
  fc.boolean(),
  fc.constant(null),
);
const scalars = fc.array(scalar, { maxLength: 3 });
/** Literal data: arrays and objects of scalars, with keys that are neither operators nor paths. */
const data = fc.oneof(
  scalars,
  fc.dictionary(fc.constantFrom("k", "b.c", "0"), scalar, { maxKeys: 2, noNullPrototype: true }),
);
const fieldPath = fc.constantFrom("a", "a.b", "input.amount", "nodes.lead.outcome", "0", "x_1");

/** Well-formed queries over the whole grammar, at every level where sift reads a query. */
const { query: wellFormed } = fc.letrec<{
  query: Query;
  operators: Record<string, unknown>;
  operator: [string, unknown];
}>((tie) => ({
  query: fc
    .uniqueArray(
      fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        fc.tuple(fieldPath, fc.oneof(scalar, data, tie("operators"))),
        fc.tuple(
          fc.constantFrom("$and", "$or", "$nor"),
          fc.array(tie("query"), { minLength: 1, maxLength: 2 }),
        ),
        fc.tuple(fc.constant("$not"), tie("query")),
      ),
      { maxLength: 3, selector: ([key]) => key },
    )
    .map((entries) => Object.fromEntries(entries)),
  operators: fc
    .uniqueArray(tie("operator"), { minLength: 1, maxLength: 3, selector: ([key]) => key })
    .map((entries) => Object.fromEntries(entries)),
  operator: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.tuple(fc.constantFrom("$eq", "$ne"), fc.oneof(scalar, scalars)),
    fc.tuple(fc.constantFrom("$gt", "$gte", "$lt", "$lte"), fc.oneof(fc.integer(), fc.string())),
    fc.tuple(fc.constantFrom("$in", "$nin"), scalars),
    fc.tuple(fc.constant("$exists"), fc.boolean()),
    fc.tuple(fc.constant("$size"), fc.nat(3)),
    fc.tuple(fc.constant("$type"), fc.constantFrom(...TYPE_NAMES)),
    fc.tuple(
      fc.constant("$all"),
      fc.array(
        fc.oneof(scalar, fc.record({ $elemMatch: tie("operators") }, { noNullPrototype: true })),
        {
          minLength: 1,
          maxLength: 2,
        },
      ),
    ),
    fc.tuple(fc.constant("$elemMatch"), fc.oneof(tie("operators"), tie("query"))),
    fc.tuple(
      fc.constant("$not"),
      fc.oneof(
        tie("operators"),
        fc
          .tuple(fc.constantFrom("$and", "$or"), fc.array(tie("operators"), { minLength: 1 }))
          .map(([group, terms]) => ({ [group]: terms })),
      ),
    ),
  ),
}));

/** Keys an author might write, refused ones among them, and values of every shape. */
const KEYS = [
  "$eq",
  "$gt",
  "$in",
  "$exists",
  "$size",
  "$type",
  "$all",
  "$elemMatch",
  "$not",
  "$and",
  "$or",
  "$where",
  "$regex",
  "$mod",
  "a",
  "a..b",
  "__proto__",
  "input.constructor",
  "x.$y",
];
const { value: anyValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar,
    fc.constantFrom("bool", "boolean", -1, 1.5, Number.NaN, /re/),
    fc.array(tie("value"), { maxLength: 3 }),
    fc
      .array(fc.tuple(fc.constantFrom(...KEYS), tie("value")), { maxLength: 3 })
      .map((entries) => Object.fromEntries(entries)),
  ),
}));
const anyQuery = fc
  .array(fc.tuple(fc.constantFrom(...KEYS), anyValue), { maxLength: 3 })
  .map((entries) => Object.fromEntries(entries));

type AnyNode = QueryNode | ConditionNode | LiteralNode;

/** A node and every node under it. */
function nodesOf(node: AnyNode): AnyNode[] {
  switch (node.kind) {
    case "query":
      return [node, ...node.conditions.flatMap(nodesOf)];
    case "field":
      return [node, ...nodesOf(node.test)];
    case "logical":
      return [node, ...node.operands.flatMap(nodesOf)];
    case "all":
      return [node, ...node.elements.flatMap(nodesOf)];
    case "not":
    case "elemMatch":
      return [node, ...nodesOf(node.operand)];
    default:
      return [node];
  }
}

/** What a node says the raw query holds at its path. */
function written(node: AnyNode): unknown {
  switch (node.kind) {
    case "query":
    case "malformed":
      return printQuery(node);
    case "literal":
      return node.value;
    case "equality":
    case "ordering":
    case "exists":
    case "size":
    case "type":
      return node.operand;
    case "membership":
      return node.values;
    default:
      // A condition is written as the value of its key in its query.
      return (printQuery({ kind: "query", path: [], conditions: [node] }) as Query)[
        node.kind === "field" ? node.field : node.operator
      ];
  }
}

/** The part of a raw query at `path`. */
function at(query: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((part, step) => (part as Record<string, unknown>)[step], query);
}

describe("parseQuery and printQuery", () => {
  it.each([
    ["well-formed queries over the whole grammar", wellFormed],
    ["the generated templates' queries", templateQueryArbitrary],
  ])("%s parse without problems or malformed parts, and print back as written", (_, queries) => {
    fc.assert(
      fc.property(queries as fc.Arbitrary<Query>, (query) => {
        // Act
        const { tree, problems } = parseQuery(query);
        // Assess
        expect(problems).toEqual([]);
        expect(tree.kind).toBe("query");
        expect(nodesOf(tree).filter((node) => node.kind === "malformed")).toEqual([]);
        expect(printQuery(tree)).toEqual(query);
      }),
      RUNS,
    );
  });

  it.each([
    ["queries of any shape, refused keys and operands among them", anyQuery],
    [
      "the Choice-rule property tests' queries (some with refused operands)",
      conditionQueryArbitrary,
    ],
  ])("%s print back as written, malformed parts included", (_, queries) => {
    fc.assert(
      fc.property(queries as fc.Arbitrary<Query>, (query) => {
        // Act
        const { tree } = parseQuery(query);
        // Assess
        expect(printQuery(tree)).toEqual(query);
      }),
      RUNS,
    );
  });

  it("give every node the path of the part it was parsed from", () => {
    fc.assert(
      fc.property(fc.oneof(wellFormed, anyQuery, conditionQueryArbitrary), (query) => {
        // Act
        const nodes = nodesOf(parseQuery(query).tree);
        // Assess
        for (const node of nodes) expect(written(node)).toEqual(at(query, node.path));
      }),
      RUNS,
    );
  });
});
