import { describe, expect, it } from "vitest";
import type { ChoiceRule } from "../../lambdas/core/compiler/asl.ts";
import { choiceRuleFor } from "../../lambdas/core/compiler/choice-rules.ts";
import { Measures } from "../../lambdas/core/compiler/measures.ts";
import type { JsonSchema, Query } from "../../lambdas/core/model/template.ts";

const SCHEMA: JsonSchema = {
  type: "object",
  required: [
    "amount",
    "count",
    "tier",
    "level",
    "name",
    "urgent",
    "tags",
    "matrix",
    "pair",
    "meta",
    "label",
    "cost-center",
  ],
  properties: {
    amount: { type: "number" },
    count: { type: ["integer"] },
    tier: { enum: ["gold", "silver"] },
    level: { type: "string", enum: ["L1", "L2", "L3", "L4"] },
    name: { type: "string" },
    urgent: { type: "boolean" },
    note: { type: "string" },
    tags: { type: "array", items: { type: "string" } },
    matrix: { type: "array" },
    pair: { type: "array", prefixItems: [{ type: "number" }], items: { type: "string" } },
    meta: {
      type: "object",
      required: ["region"],
      properties: { region: { type: "string" }, score: { type: "number" } },
    },
    extra: { type: "object", required: ["flag"], properties: { flag: { type: "boolean" } } },
    label: { type: ["string", "null"] },
    "cost-center": { type: "string" },
    mixed: { enum: ["a", 1] },
    money: { $ref: "#/$defs/money" },
  },
  $defs: { money: { type: "number" } },
};

/** The rule for a constant: whether `$.input` (always there) is present. */
const ALWAYS: ChoiceRule = { Variable: "$.input", IsPresent: true };
const NEVER: ChoiceRule = { Not: ALWAYS };

describe("choiceRuleFor: equality", () => {
  it.each<[string, Query, ChoiceRule]>([
    ["a number", { "input.amount": 5 }, { Variable: "$.input.amount", NumericEquals: 5 }],
    ["an integer", { "input.count": 2 }, { Variable: "$.input.count", NumericEquals: 2 }],
    ["a string", { "input.name": "x" }, { Variable: "$.input.name", StringEquals: "x" }],
    ["an enum", { "input.tier": "gold" }, { Variable: "$.input.tier", StringEquals: "gold" }],
    ["a boolean", { "input.urgent": true }, { Variable: "$.input.urgent", BooleanEquals: true }],
    [
      "a nested field",
      { "input.meta.region": "eu" },
      { Variable: "$.input.meta.region", StringEquals: "eu" },
    ],
    ["$eq", { "input.amount": { $eq: 1.5 } }, { Variable: "$.input.amount", NumericEquals: 1.5 }],
    [
      "$ne",
      { "input.name": { $ne: "x" } },
      { Not: { Variable: "$.input.name", StringEquals: "x" } },
    ],
  ])("translates %s", (_, query, expected) => {
    // Prepare: the query and SCHEMA above

    // Act
    const rule = choiceRuleFor(query, SCHEMA);

    // Assess
    expect(rule).toEqual(expected);
  });

  it.each<[string, Query, ChoiceRule]>([
    ["a string equal to a number", { "input.amount": "5" }, NEVER],
    ["a number equal to a string", { "input.name": { $eq: 5 } }, NEVER],
    ["a boolean equal to null", { "input.urgent": null }, NEVER],
    ["a number not equal to a string", { "input.amount": { $ne: "5" } }, ALWAYS],
    ["a string not equal to null", { "input.name": { $ne: null } }, ALWAYS],
  ])("makes %s constant, as sift never coerces", (_, query, expected) => {
    // Prepare: the query and SCHEMA above

    // Act
    const rule = choiceRuleFor(query, SCHEMA);

    // Assess
    expect(rule).toEqual(expected);
  });
});

describe("choiceRuleFor: ordering", () => {
  it.each<[string, Query, ChoiceRule]>([
    [
      "$gt",
      { "input.amount": { $gt: 64 } },
      { Variable: "$.input.amount", NumericGreaterThan: 64 },
    ],
    [
      "$gte",
      { "input.amount": { $gte: 64 } },
      { Variable: "$.input.amount", NumericGreaterThanEquals: 64 },
    ],
    ["$lt", { "input.count": { $lt: 3 } }, { Variable: "$.input.count", NumericLessThan: 3 }],
    [
      "$lte",
      { "input.count": { $lte: 3 } },
      { Variable: "$.input.count", NumericLessThanEquals: 3 },
    ],
    [
      "string $gt",
      { "input.name": { $gt: "m" } },
      { Variable: "$.input.name", StringGreaterThan: "m" },
    ],
    [
      "string $gte",
      { "input.name": { $gte: "m" } },
      { Variable: "$.input.name", StringGreaterThanEquals: "m" },
    ],
    [
      "string $lt",
      { "input.tier": { $lt: "h" } },
      { Variable: "$.input.tier", StringLessThan: "h" },
    ],
    [
      "string $lte",
      { "input.tier": { $lte: "h" } },
      { Variable: "$.input.tier", StringLessThanEquals: "h" },
    ],
  ])("translates %s", (_, query, expected) => {
    // Prepare: the query and SCHEMA above

    // Act
    const rule = choiceRuleFor(query, SCHEMA);

    // Assess
    expect(rule).toEqual(expected);
  });

  it.each<[string, Query]>([
    ["a number compared with a string", { "input.amount": { $gt: "1" } }],
    ["a string compared with a number", { "input.name": { $lte: 1 } }],
    ["a boolean compared with a number", { "input.urgent": { $gte: 0 } }],
  ])("makes %s constant false, as sift does", (_, query) => {
    // Prepare: the query and SCHEMA above

    // Act
    const rule = choiceRuleFor(query, SCHEMA);

    // Assess
    expect(rule).toEqual(NEVER);
  });
});

describe("choiceRuleFor: $in and $nin", () => {
  it("translates $in into an Or of equalities", () => {
    // Prepare
    const query = { "input.name": { $in: ["gold", "silver"] } };

    // Act
    const rule = choiceRuleFor(query, SCHEMA);

    // Assess
    expect(rule).toEqual({
      Or: [
        { Variable: "$.input.name", StringEquals: "gold" },
        { Variable: "$.input.name", StringEquals: "silver" },
      ],
    });
  });

  it("tests the listed values left out when they are fewer than those asked for", () => {
    // Prepare: level is one of L1–L4, so "L2, L3 or L4" is "not L1".
    const query = { "input.level": { $in: ["L2", "L3", "L4", "L9"] } };

    // Act
    const rule = choiceRuleFor(query, SCHEMA);

    // Assess
    expect(rule).toEqual({ Not: { Variable: "$.input.level", StringEquals: "L1" } });
  });

  it("folds $in and $nin over every listed value to constants", () => {
    // Prepare
    const every = ["silver", "gold"];

    // Act
    const inAll = choiceRuleFor({ "input.tier": { $in: every } }, SCHEMA);
    const ninAll = choiceRuleFor({ "input.tier": { $nin: every } }, SCHEMA);

    // Assess
    expect(inAll).toEqual(ALWAYS);
    expect(ninAll).toEqual(NEVER);
  });

  it("drops $in elements of another type or null, which never match", () => {
    // Prepare
    const query = { "input.amount": { $in: [null, "1", 1] } };

    // Act
    const rule = choiceRuleFor(query, SCHEMA);

    // Assess
    expect(rule).toEqual({ Variable: "$.input.amount", NumericEquals: 1 });
  });

  it("translates $nin into the negated Or", () => {
    // Prepare
    const query = { "input.count": { $nin: [1, 2] } };

    // Act
    const rule = choiceRuleFor(query, SCHEMA);

    // Assess
    expect(rule).toEqual({
      Not: {
        Or: [
          { Variable: "$.input.count", NumericEquals: 1 },
          { Variable: "$.input.count", NumericEquals: 2 },
        ],
      },
    });
  });

  it.each<[string, Query, ChoiceRule]>([
    ["an empty $in constant false", { "input.name": { $in: [] } }, NEVER],
    ["an empty $nin constant true", { "input.name": { $nin: [] } }, ALWAYS],
  ])("makes %s", (_, query, expected) => {
    // Prepare: the query and SCHEMA above

    // Act
    const rule = choiceRuleFor(query, SCHEMA);

    // Assess
    expect(rule).toEqual(expected);
  });
});

describe("choiceRuleFor: $exists and $type", () => {
  it.each<[string, Query, ChoiceRule]>([
    ["$exists: true on a required field", { "input.amount": { $exists: true } }, ALWAYS],
    ["$exists: false on a required field", { "input.meta.region": { $exists: false } }, NEVER],
    [
      "$exists: true on an optional field",
      { "input.note": { $exists: true } },
      { Variable: "$.input.note", IsPresent: true },
    ],
    [
      "$exists: false on an optional field (never IsPresent: false)",
      { "input.meta.score": { $exists: false } },
      { Not: { Variable: "$.input.meta.score", IsPresent: true } },
    ],
    ["$type of the field's own type", { "input.urgent": { $type: "bool" } }, ALWAYS],
    ["$type of another type", { "input.amount": { $type: "string" } }, NEVER],
    ["$type null on a non-null field", { "input.name": { $type: "null" } }, NEVER],
  ])("translates %s", (_, query, expected) => {
    // Prepare: the query and SCHEMA above

    // Act
    const rule = choiceRuleFor(query, SCHEMA);

    // Assess
    expect(rule).toEqual(expected);
  });
});

describe("choiceRuleFor: combinations", () => {
  const amountOver = { Variable: "$.input.amount", NumericGreaterThan: 1 };
  const isGold = { Variable: "$.input.tier", StringEquals: "gold" };

  it.each<[string, Query, ChoiceRule]>([
    [
      "several fields into And",
      { "input.amount": { $gt: 1 }, "input.tier": "gold" },
      { And: [amountOver, isGold] },
    ],
    [
      "several operators into And",
      { "input.amount": { $gt: 1, $lt: 9 } },
      { And: [amountOver, { Variable: "$.input.amount", NumericLessThan: 9 }] },
    ],
    [
      "$and",
      { $and: [{ "input.amount": { $gt: 1 } }, { "input.tier": "gold" }] },
      { And: [amountOver, isGold] },
    ],
    [
      "$or",
      { $or: [{ "input.amount": { $gt: 1 } }, { "input.tier": "gold" }] },
      { Or: [amountOver, isGold] },
    ],
    [
      "$nor",
      { $nor: [{ "input.amount": { $gt: 1 } }, { "input.tier": "gold" }] },
      { Not: { Or: [amountOver, isGold] } },
    ],
    ["a query-level $not", { $not: { "input.tier": "gold" } }, { Not: isGold }],
    ["a field-level $not", { "input.amount": { $not: { $gt: 1 } } }, { Not: amountOver }],
    [
      "$or inside a field-level $not",
      { "input.amount": { $not: { $or: [{ $gt: 1 }, { $eq: 0 }] } } },
      { Not: { Or: [amountOver, { Variable: "$.input.amount", NumericEquals: 0 }] } },
    ],
    [
      "constants folded away",
      { $and: [{ "input.amount": { $exists: true } }, { "input.tier": "gold" }] },
      isGold,
    ],
    [
      "a constant that decides an $or",
      { $or: [{ "input.amount": { $exists: true } }, { "input.tier": "gold" }] },
      ALWAYS,
    ],
    ["the empty query, which matches everything", {}, ALWAYS],
  ])("translates %s", (_, query, expected) => {
    // Prepare: the query and SCHEMA above

    // Act
    const rule = choiceRuleFor(query, SCHEMA);

    // Assess
    expect(rule).toEqual(expected);
  });
});

describe("choiceRuleFor: arrays, with measured values", () => {
  const has = (value: string) => `States.ArrayContains($.input.tags, '${value}')`;

  it.each<[string, Query, ChoiceRule, Record<string, string>]>([
    [
      "equality as element membership",
      { "input.tags": "a" },
      { Variable: "$.m.m0", BooleanEquals: true },
      { "m0.$": has("a") },
    ],
    [
      "$ne as no such element",
      { "input.tags": { $ne: "a" } },
      { Not: { Variable: "$.m.m0", BooleanEquals: true } },
      { "m0.$": has("a") },
    ],
    [
      "$in as one measured 'some of'",
      { "input.tags": { $in: ["a", "b", 7] } },
      { Variable: "$.m.m0", BooleanEquals: true },
      { "m0.$": `States.ArrayContains(States.Array(${has("a")}, ${has("b")}), true)` },
    ],
    [
      "$all as one measured 'not every of'",
      { "input.tags": { $all: ["a", "b"] } },
      { Variable: "$.m.m0", BooleanEquals: false },
      { "m0.$": `States.ArrayContains(States.Array(${has("a")}, ${has("b")}), false)` },
    ],
    [
      "$elemMatch with $in",
      { "input.tags": { $elemMatch: { $in: ["a"] } } },
      { Variable: "$.m.m0", BooleanEquals: true },
      { "m0.$": has("a") },
    ],
    [
      "$size 0 as no first element",
      { "input.tags": { $size: 0 } },
      { Not: { Variable: "$.input.tags[0]", IsPresent: true } },
      {},
    ],
    [
      "$size 2 as a second element and no third",
      { "input.tags": { $size: 2 } },
      {
        And: [
          { Variable: "$.input.tags[1]", IsPresent: true },
          { Not: { Variable: "$.input.tags[2]", IsPresent: true } },
        ],
      },
      {},
    ],
    [
      "$all with an element of another type (never held)",
      { "input.tags": { $all: ["a", 1] } },
      { Not: ALWAYS },
      {},
    ],
  ])("translates %s", (_, query, expected, measured) => {
    // Prepare
    const measures = new Measures();

    // Act
    const rule = choiceRuleFor(query, SCHEMA, measures);

    // Assess
    expect(rule).toEqual(expected);
    expect(measures.parameters()).toEqual(measured);
  });

  it("measures each value on its own where folding would pass 10 intrinsics in a field", () => {
    // Prepare
    const measures = new Measures();
    const values = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];

    // Act
    const rule = choiceRuleFor({ "input.tags": { $in: values } }, SCHEMA, measures);

    // Assess
    expect(rule).toEqual({
      Or: values.map((_, i) => ({ Variable: `$.m.m${i}`, BooleanEquals: true })),
    });
    expect(measures.parameters()).toEqual(
      Object.fromEntries(values.map((value, i) => [`m${i}.$`, has(value)])),
    );
  });

  it("shares one measure between conditions that need the same value", () => {
    // Prepare
    const measures = new Measures();

    // Act
    const first = choiceRuleFor({ "input.tags": "a" }, SCHEMA, measures);
    const second = choiceRuleFor({ "input.tags": { $nin: ["a"] } }, SCHEMA, measures);

    // Assess
    expect(first).toEqual({ Variable: "$.m.m0", BooleanEquals: true });
    expect(second).toEqual({ Not: { Variable: "$.m.m0", BooleanEquals: true } });
    expect(measures.size).toBe(1);
  });

  it.each<[string, Query]>([
    ["a comparison on an array", { "input.tags": { $gt: "a" } }],
    ["$elemMatch with a comparison", { "input.tags": { $elemMatch: { $gt: "a" } } }],
    ["a string an intrinsic would have to escape", { "input.tags": "it's" }],
    ["a number in exponent notation", { "input.tags": { $in: [1e21] } }],
    ["$all of nothing", { "input.tags": { $all: [] } }],
    ["a fractional $size", { "input.tags": { $size: 1.5 } }],
    ["$size on untyped items (sift counts inner arrays too)", { "input.matrix": { $size: 2 } }],
    ["equality on an array with prefixItems", { "input.pair": 5 }],
    [
      "an array part beside a refused one, measuring nothing",
      { $or: [{ "input.tags": "a" }, { "nodes.a.outcome": "approved" }] },
    ],
  ])("refuses %s", (_, query) => {
    // Prepare
    const measures = new Measures();

    // Act
    const rule = choiceRuleFor(query, SCHEMA, measures);

    // Assess
    expect(rule).toBeUndefined();
    expect(measures.size).toBe(0);
  });
});

describe("choiceRuleFor: refusals (the compiler keeps the Lambda)", () => {
  it.each<[string, Query]>([
    ["a node's outcome, which may not be written yet", { "nodes.lead.outcome": "approved" }],
    ["an array test, when no measures are asked for", { "input.tags": { $size: 2 } }],
    ["$eq on an optional field", { "input.note": "x" }],
    ["$ne on an optional field (true when missing)", { "input.note": { $ne: "x" } }],
    ["$gt on an optional nested field", { "input.meta.score": { $gt: 1 } }],
    ["a field under an optional object", { "input.extra.flag": true }],
    ["$exists under an optional object", { "input.extra.flag": { $exists: true } }],
    ["a nullable field", { "input.label": "x" }],
    ["a field the schema does not list", { "input.other": 1 }],
    ["a field typed only through $ref", { "input.money": { $gt: 1 } }],
    ["an enum of mixed types", { "input.mixed": "a" }],
    ["a segment that is not a plain identifier", { "input.cost-center": "x" }],
    ["the whole input", { input: { amount: 1 } }],
    ["an object literal", { "input.name": { first: "x" } }],
    ["an array literal in $in", { "input.name": { $in: [["x"]] } }],
    ["an operator applied to the whole context", { $exists: true }],
    ["a field name inside a field-level $not", { "input.name": { $not: { first: "x" } } }],
    [
      "a refused part anywhere",
      { $or: [{ "input.amount": 1 }, { "nodes.a.outcome": "approved" }] },
    ],
    ["a query with a problem", { "input.name": { $where: "true" } }],
  ])("refuses %s", (_, query) => {
    // Prepare: the query and SCHEMA above

    // Act
    const rule = choiceRuleFor(query, SCHEMA);

    // Assess
    expect(rule).toBeUndefined();
  });

  it("refuses everything without an input schema", () => {
    // Prepare
    const query = { "input.amount": 1 };

    // Act
    const rule = choiceRuleFor(query, undefined);

    // Assess
    expect(rule).toBeUndefined();
  });

  it("refuses everything when the input is not pinned to an object", () => {
    // Prepare: `properties` do not apply to a non-object input, so amount may be missing
    const schema = { required: ["amount"], properties: { amount: { type: "number" } } };

    // Act
    const rule = choiceRuleFor({ "input.amount": 1 }, schema);

    // Assess
    expect(rule).toBeUndefined();
  });
});
