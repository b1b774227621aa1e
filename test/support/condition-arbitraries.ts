import fc from "fast-check";
import { TYPE_NAMES } from "../../lambdas/core/conditions/operator-allowlist.ts";
import type { Query } from "../../lambdas/core/model/template.ts";

/**
 * An input schema with a field of every kind the Choice-rule translation cares about: required
 * fields pinned to number, integer, string, boolean and a number enum (translated), optional
 * fields (only `$exists` translated), a nested required object with a required and an optional
 * field, an optional object (not translated below it), a nullable field and an array of
 * strings (translated with measured values).
 */
export const CONDITION_SCHEMA = {
  type: "object",
  required: [
    "amount",
    "count",
    "tier",
    "name",
    "urgent",
    "level",
    "tags",
    "segments",
    "meta",
    "label",
  ],
  properties: {
    amount: { type: "number" },
    count: { type: "integer", minimum: 0 },
    tier: { type: "string", enum: ["gold", "silver", "bronze"] },
    name: { type: "string" },
    urgent: { type: "boolean" },
    level: { enum: [1, 2, 3] },
    note: { type: "string" },
    tags: { type: "array", items: { type: "string" } },
    segments: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        required: ["group"],
        properties: { group: { type: "string" }, note: { type: "string" } },
      },
    },
    meta: {
      type: "object",
      required: ["region"],
      properties: { region: { type: "string" }, score: { type: "number" } },
    },
    extra: { type: "object", required: ["flag"], properties: { flag: { type: "boolean" } } },
    label: { type: ["string", "null"] },
  },
} as const;

/**
 * Strings that exercise ordering: empty, case, combining marks, a character outside the BMP
 * (two UTF-16 code units, below U+FFFF in code-unit order but above it in code-point order),
 * digits that order differently as text and as numbers.
 */
const STRINGS = ["", "a", "b", "ab", "B", "Z", "é", "e\u0301", "\u{1F600}", "\uFFFF", "10", "9"];

/** Numbers with negative zero, fractions, and magnitudes far from one. */
export const numberArbitrary: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -3, max: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(-0, 0.5, -2.5, 1e21, 5e-324, 2 ** 53 + 2) },
);

export const stringArbitrary: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...STRINGS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 3, unit: "grapheme" }) },
);

const countArbitrary = fc.integer({ min: 0, max: 4 });
const tierArbitrary = fc.constantFrom("gold", "silver", "bronze");
const levelArbitrary = fc.constantFrom(1, 2, 3);

/** A start input that fits {@link CONDITION_SCHEMA}; optional fields are sometimes missing. */
export const conditionInputArbitrary = fc.record(
  {
    amount: numberArbitrary,
    count: countArbitrary,
    tier: tierArbitrary,
    name: stringArbitrary,
    urgent: fc.boolean(),
    level: levelArbitrary,
    note: stringArbitrary,
    tags: fc.array(stringArbitrary, { maxLength: 3 }),
    segments: fc.array(
      fc.record({ group: stringArbitrary, note: stringArbitrary }, { requiredKeys: ["group"] }),
      { minLength: 1, maxLength: 3 },
    ),
    meta: fc.record(
      { region: stringArbitrary, score: numberArbitrary },
      { requiredKeys: ["region"] },
    ),
    extra: fc.record({ flag: fc.boolean() }),
    label: fc.option(stringArbitrary, { nil: null }),
  },
  { requiredKeys: [...CONDITION_SCHEMA.required] },
);

/** Any JSON scalar, for operands whose type may not match the field's. */
const anyScalar = fc.oneof(numberArbitrary, stringArbitrary, fc.boolean(), fc.constant(null));

/**
 * Operator objects for one field: every scalar operator, with operands mostly of the field's
 * own kind (`own`) and sometimes of another; `$not` wraps further operator objects, possibly
 * combined with `$and`/`$or`/`$nor` (which sift allows inside a field-level `$not`).
 */
function operatorsArbitrary(own: fc.Arbitrary<unknown>): fc.Arbitrary<Record<string, unknown>> {
  const operand = fc.oneof({ weight: 3, arbitrary: own }, { weight: 1, arbitrary: anyScalar });
  // Booleans have no order: their ordered operands are all of another type.
  const ordered = fc.oneof(
    { weight: 3, arbitrary: own.map((v) => (typeof v === "boolean" ? Number(v) : v)) },
    { weight: 1, arbitrary: fc.oneof(numberArbitrary, stringArbitrary) },
  );
  const list = fc.array(operand, { maxLength: 4 });
  const { operators } = fc.letrec<{ operators: Record<string, unknown>; entry: [string, unknown] }>(
    (tie) => ({
      entry: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        { weight: 3, arbitrary: fc.tuple(fc.constantFrom("$eq", "$ne"), operand) },
        {
          weight: 3,
          arbitrary: fc.tuple(fc.constantFrom("$gt", "$gte", "$lt", "$lte"), ordered),
        },
        { weight: 2, arbitrary: fc.tuple(fc.constantFrom("$in", "$nin"), list) },
        { weight: 1, arbitrary: fc.tuple(fc.constant("$exists"), fc.boolean()) },
        { weight: 1, arbitrary: fc.tuple(fc.constant("$type"), fc.constantFrom(...TYPE_NAMES)) },
        {
          weight: 1,
          arbitrary: fc.tuple(
            fc.constant("$not"),
            fc.oneof(
              { weight: 3, arbitrary: tie("operators") },
              {
                weight: 1,
                arbitrary: fc
                  .tuple(
                    fc.constantFrom("$and", "$or", "$nor"),
                    fc.array(tie("operators"), { minLength: 1, maxLength: 2 }),
                  )
                  .map(([group, terms]) => ({ [group]: terms })),
              },
            ),
          ),
        },
      ),
      operators: fc
        .array(tie("entry"), { minLength: 1, maxLength: 2 })
        .map((entries) => Object.fromEntries(entries)),
    }),
  );
  return operators;
}

/** A condition on one field: a literal (implicit `$eq`) or an object of operators. */
function conditionArbitrary(own: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 1, arbitrary: own }, { weight: 3, arbitrary: operatorsArbitrary(own) });
}

/** `{ [path]: condition }` for one field of {@link CONDITION_SCHEMA}. */
function fieldQuery(path: string, own: fc.Arbitrary<unknown>): fc.Arbitrary<Query> {
  return conditionArbitrary(own).map((condition) => ({ [path]: condition }));
}

/** Conditions the translation can prove: pinned, required fields (and `$exists` on optional ones). */
const translatableLeaf: fc.Arbitrary<Query> = fc.oneof(
  fieldQuery("input.amount", numberArbitrary),
  fieldQuery("input.count", countArbitrary),
  fieldQuery("input.tier", tierArbitrary),
  fieldQuery("input.name", stringArbitrary),
  fieldQuery("input.urgent", fc.boolean()),
  fieldQuery("input.level", levelArbitrary),
  fieldQuery("input.meta.region", stringArbitrary),
  fc.record({ "input.note": fc.record({ $exists: fc.boolean() }) }),
  fc.record({ "input.meta.score": fc.record({ $exists: fc.boolean() }) }),
);

/**
 * Operators on the array of strings `tags`: element equality, `$in`/`$nin`, `$all`, `$size`,
 * `$elemMatch`, sometimes under `$not`, with operands mostly strings (some of them elements)
 * and sometimes of another type; comparisons, which stay with sift, now and then.
 */
function arrayOperatorsArbitrary(): fc.Arbitrary<Record<string, unknown>> {
  const element = fc.oneof(
    { weight: 4, arbitrary: stringArbitrary },
    { weight: 1, arbitrary: anyScalar },
  );
  const list = fc.array(element, { maxLength: 3 });
  const entry: fc.Arbitrary<[string, unknown]> = fc.oneof(
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom("$eq", "$ne"), element) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom("$in", "$nin", "$all"), list) },
    { weight: 2, arbitrary: fc.tuple(fc.constant("$size"), fc.integer({ min: 0, max: 3 })) },
    {
      weight: 2,
      arbitrary: fc.tuple(
        fc.constant("$elemMatch"),
        fc.oneof(fc.record({ $eq: element }), fc.record({ $in: list })),
      ),
    },
    { weight: 1, arbitrary: fc.tuple(fc.constant("$exists"), fc.boolean()) },
    { weight: 1, arbitrary: fc.tuple(fc.constant("$gt"), stringArbitrary) },
  );
  const operators = fc
    .array(entry, { minLength: 1, maxLength: 2 })
    .map((entries) => Object.fromEntries(entries));
  return fc.oneof(
    { weight: 3, arbitrary: operators },
    { weight: 1, arbitrary: operators.map((inner) => ({ $not: inner })) },
  );
}

/**
 * Conditions on the arrays: on `tags`, a literal element (implicit equality) or operators; on
 * the objects of `segments`, `$elemMatch` on the required `group` (translated) or the optional
 * `note` (left to sift), with a literal, `$eq` or `$in`, or `$size`.
 */
const arrayLeaf: fc.Arbitrary<Query> = fc.oneof(
  fc
    .oneof(
      { weight: 1, arbitrary: stringArbitrary },
      { weight: 3, arbitrary: arrayOperatorsArbitrary() },
    )
    .map((condition) => ({ "input.tags": condition })),
  fc
    .record({
      field: fc.constantFrom("group", "group", "note"),
      condition: fc.oneof(
        stringArbitrary,
        fc.record({ $eq: stringArbitrary }),
        fc.record({ $in: fc.array(stringArbitrary, { maxLength: 3 }) }),
      ),
    })
    .map(({ field, condition }) => ({
      "input.segments": { $elemMatch: { [field]: condition } },
    })),
  fc.record({ "input.segments": fc.record({ $size: fc.integer({ min: 0, max: 3 }) }) }),
);

/** Conditions the translation must leave to sift: optional, nullable and node fields. */
const refusedLeaf: fc.Arbitrary<Query> = fc.oneof(
  fieldQuery("input.note", stringArbitrary),
  fieldQuery("input.meta.score", numberArbitrary),
  fieldQuery("input.extra.flag", fc.boolean()),
  fieldQuery("input.label", stringArbitrary),
  fieldQuery("input.missing", anyScalar),
  fc.record({ "nodes.lead.outcome": fc.constantFrom("approved", "rejected") }),
);

const leafQuery: fc.Arbitrary<Query> = fc.oneof(
  { weight: 12, arbitrary: translatableLeaf },
  { weight: 4, arbitrary: arrayLeaf },
  { weight: 1, arbitrary: refusedLeaf },
);

/**
 * A random allowlisted query over {@link CONDITION_SCHEMA}: field conditions (one or two per
 * object), combined with `$and`, `$or`, `$nor` and a query-level `$not`. Most are translatable;
 * some hold a condition that is not, so refusals are exercised too.
 */
export const conditionQueryArbitrary: fc.Arbitrary<Query> = fc.letrec<{ query: Query }>((tie) => ({
  query: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 6, arbitrary: leafQuery },
    {
      weight: 1,
      arbitrary: fc.tuple(leafQuery, leafQuery).map(([a, b]) => ({ ...a, ...b }) satisfies Query),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom("$and", "$or", "$nor"),
          fc.array(tie("query"), { minLength: 1, maxLength: 3 }),
        )
        .map(([group, terms]) => ({ [group]: terms })),
    },
    { weight: 1, arbitrary: tie("query").map((inner) => ({ $not: inner })) },
  ),
})).query;
