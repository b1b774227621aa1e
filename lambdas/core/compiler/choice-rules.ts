import { detachedCopy, isPlainObject } from "../conditions/detached-copy.ts";
import type { TypeName } from "../conditions/operator-allowlist.ts";
import { parseValidQuery } from "../conditions/parse-query.ts";
import type {
  ConditionNode,
  EqualityNode,
  FieldNode,
  LiteralNode,
  MembershipNode,
  OperatorNode,
  OrderingNode,
  QueryNode,
} from "../conditions/query-syntax.ts";
import { statePath } from "../contract/state-paths.ts";
import type { JsonSchema, Query } from "../model/template.ts";
import type { ChoiceRule, ComparisonOperator } from "./asl.ts";
import { distinct, type GuardExpression, not, or } from "./guard-expression.ts";
import { Measures } from "./measures.ts";

/*
 * Native Choice rules for `when` queries, only where the rule provably gives sift's verdict on
 * the context `{ input, nodes }` for every input the template's `input` schema allows.
 *
 * What the proof rests on:
 *
 * - sift (see `conditions/safe-query.ts`): `$eq` is strict equality on scalars, with `null`
 *   matching only null or missing; `$gt`/`$gte`/`$lt`/`$lte` hold only when the value has the
 *   operand's `typeof` (no coercion; strings compare with JavaScript's `<`, UTF-16 code unit
 *   order); `$ne`/`$nin` are the negations of `$eq`/`$in` on a present value (and hold on a
 *   missing one); `$exists` asks whether the key is an own property at the end of the path;
 *   `$not` negates its operand query applied to the same value; `$type` names are sift's
 *   aliases. Arrays are matched element-wise: equality holds when some element is equal, which
 *   a Choice rule cannot test, so it tests a value measured before it with the intrinsic
 *   `States.ArrayContains` (strict equality of JSON scalars), and `$size: n` tests which
 *   indexes are present.
 * - Amazon States Language (JSONPath; AWS Step Functions developer guide, "Choice"): a data
 *   test whose `Variable` is not in the state input fails the execution (`States.Runtime`);
 *   only `IsPresent` may look at a missing path. `And`, `Or` and `Not` are not documented to
 *   short-circuit, so every operand is assumed to be evaluated: a data test is emitted only for
 *   a field present in every valid input. String comparisons "behave as Java's
 *   `String.compareTo`": UTF-16 code units, as JavaScript's `<`. `IsPresent: false` is never
 *   emitted (aws-local-stepfunctions 3.0.0 answers it with false even on a missing path);
 *   absence is written `Not: { IsPresent: true }`.
 * - JSON Schema: a field's type is pinned when its schema has a single `type` of number,
 *   integer, string or boolean, or (without `type`) an `enum`/`const` of one such type; other
 *   keywords only narrow the values further. It is present when it is `required` by its object,
 *   and that object is present too, up to `input`, every level being `type: "object"`.
 */

/** The kind of value a pinned field always holds: never null, never an array or object. */
type ScalarKind = "number" | "string" | "boolean";

/** A field under `input.` whose kind the schema pins. */
interface KnownField {
  /** The JSONPath reference of the field in the state payload, e.g. `$.input.meta.region`. */
  readonly variable: string;
  readonly kind: ScalarKind;
  /** Whether every valid input has the field (else only `$exists` is translated). */
  readonly present: boolean;
  /** Every value the field can hold, when the schema lists them (`enum`, `const`). */
  readonly values?: readonly (string | number | boolean)[];
}

/**
 * An array field under `input.`: `items` is the scalar kind its items are pinned to, if they
 * are; `itemSchema` is what the schema says of them (objects whose fields `$elemMatch` reads).
 */
interface ArrayField {
  readonly variable: string;
  readonly kind: "array";
  readonly items: ScalarKind | undefined;
  readonly itemSchema: unknown;
  readonly present: boolean;
  /** Whether the schema requires at least one item (`minItems` ≥ 1). */
  readonly nonEmpty: boolean;
}

type Field = KnownField | ArrayField;

/** What a query object is applied to: the context document, or the value of one field. */
type Target = { readonly root: true } | { readonly root: false; readonly field: Field };

/** What translation reads: the input schema, and where array tests register their measures. */
interface Context {
  readonly schema: JsonSchema;
  readonly measures: Measures | undefined;
}

type Translation = GuardExpression | undefined;

const ROOT: Target = { root: true };

/** Path segments written as-is into a JSONPath reference path; anything else is refused. */
const PLAIN_SEGMENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Always true in the state payload: the start input, an object by the schema, is there. */
const ALWAYS: ChoiceRule = { Variable: statePath("input"), IsPresent: true };

const ORDERING: Readonly<
  Record<OrderingNode["operator"], Record<"number" | "string", ComparisonOperator>>
> = {
  $gt: { number: "NumericGreaterThan", string: "StringGreaterThan" },
  $gte: { number: "NumericGreaterThanEquals", string: "StringGreaterThanEquals" },
  $lt: { number: "NumericLessThan", string: "StringLessThan" },
  $lte: { number: "NumericLessThanEquals", string: "StringLessThanEquals" },
};

const EQUALITY: Readonly<Record<ScalarKind, ComparisonOperator>> = {
  number: "NumericEquals",
  string: "StringEquals",
  boolean: "BooleanEquals",
};

/** The `$type` aliases (operator-allowlist `TYPE_NAMES`) and the kind each one matches. */
const TYPE_KINDS: Readonly<Record<TypeName, ScalarKind | undefined>> = {
  number: "number",
  string: "string",
  bool: "boolean",
  array: undefined,
  null: undefined,
  timestamp: undefined,
};

/**
 * A native Choice rule that holds exactly when sift's verdict on `{ input, nodes }` is true, for
 * every start input that `inputSchema` allows, or `undefined` when that cannot be proven (the
 * compiler then keeps evaluating the query with sift in a Lambda).
 *
 * Translated: implicit equality, `$eq $ne $in $nin $gt $gte $lt $lte $type` on `input.` fields
 * whose type the schema pins to number, integer, string or boolean (not null) and that are
 * present in every valid input; `$exists` also on optional such fields whose enclosing objects
 * are present; `$and $or $nor $not` over translated parts. Given `measures`, also equality,
 * `$ne $in $nin $all $size` and `$elemMatch` with one `$eq` or `$in`, on present arrays whose
 * items the schema pins to one such type; the rule then tests values that `measures` collects,
 * to be computed before it (`States.ArrayContains`). Refused: `nodes.*` paths (a node may not
 * have completed), objects, fields of unknown or nullable type, any other test of an optional
 * field or of an array, non-scalar literals, strings an intrinsic would have to escape, and
 * segments that are not plain identifiers. A comparison whose operand has another type than
 * the field is constant false, as in sift; a constant rule is written as an `IsPresent` test of
 * `$.input`.
 *
 * @example
 * const schema = {
 *   type: "object",
 *   required: ["memoryGb"],
 *   properties: { memoryGb: { type: "number" }, note: { type: "string" } },
 * };
 * choiceRuleFor({ "input.memoryGb": { $gt: 64 } }, schema);
 * // { Variable: "$.input.memoryGb", NumericGreaterThan: 64 }
 * choiceRuleFor({ "input.note": { $exists: false } }, schema);
 * // { Not: { Variable: "$.input.note", IsPresent: true } }
 * choiceRuleFor({ "input.note": "hi" }, schema);         // undefined: note may be missing
 * choiceRuleFor({ "nodes.lead.outcome": "approved" }, schema); // undefined
 * const measures = new Measures();
 * choiceRuleFor({ "input.tags": "vip" }, { ...schema, required: ["tags"], properties: {
 *   tags: { type: "array", items: { type: "string" } } } }, measures);
 * // { Variable: "$.m.m0", BooleanEquals: true }, with measures.parameters()
 * // { "m0.$": "States.ArrayContains($.input.tags, 'vip')" }
 */
export function choiceRuleFor(
  query: Query,
  inputSchema: JsonSchema | undefined,
  measures?: Measures,
): ChoiceRule | undefined {
  if (inputSchema === undefined || !isObjectSchema(inputSchema)) return undefined;
  const tree = parseValidQuery(detachedCopy(query));
  if (tree === undefined) return undefined;
  // A dry run first, so that a query refused half-way registers no measure.
  const dry = { schema: inputSchema, measures: measures && new Measures() };
  if (translateQuery(tree, ROOT, dry) === undefined) return undefined;
  const translated = translateQuery(tree, ROOT, { schema: inputSchema, measures });
  if (translated === undefined) return undefined;
  if (translated === true) return ALWAYS;
  if (translated === false) return { Not: ALWAYS };
  return translated;
}

/** A query object: operators applied to the target, and (at the root) field paths. */
function translateQuery(query: QueryNode, target: Target, context: Context): Translation {
  const parts: GuardExpression[] = [];
  for (const condition of query.conditions) {
    const part = translateCondition(condition, target, context);
    if (part === undefined) return undefined;
    parts.push(part);
  }
  return all(parts);
}

/** One condition of a query object. */
function translateCondition(
  condition: ConditionNode,
  target: Target,
  context: Context,
): Translation {
  switch (condition.kind) {
    case "logical": {
      const terms = condition.operands.map((operand) =>
        operand.kind === "query" ? translateQuery(operand, target, context) : undefined,
      );
      if (!isComplete(terms)) return undefined;
      if (condition.operator === "$and") return all(terms);
      return condition.operator === "$or" ? or(terms) : not(or(terms));
    }
    case "not": {
      const inner = translateQuery(condition.operand, target, context);
      return inner === undefined ? undefined : not(inner);
    }
    case "malformed":
      return undefined;
    case "field": {
      // Inside `$not` at field level a field would read a sub-field of a scalar.
      if (!target.root) return undefined;
      const field = knownField(condition.field, context.schema);
      return field === undefined ? undefined : translateFieldTest(condition.test, field, context);
    }
    default:
      // At the root, other operators would test the context document itself.
      return target.root ? undefined : translateOperator(condition, target.field, context);
  }
}

/** What a field path is matched against: an object of operators, or a literal to equal. */
function translateFieldTest(test: FieldNode["test"], field: Field, context: Context): Translation {
  switch (test.kind) {
    case "literal":
      return translateOperator(implicitEquality(test), field, context);
    case "query":
      return translateQuery(test, { root: false, field }, context);
    case "malformed":
      return undefined;
  }
}

/** A literal field value as the `$eq` it means. */
function implicitEquality(literal: LiteralNode): EqualityNode {
  return { kind: "equality", path: literal.path, operator: "$eq", operand: literal.value };
}

/** One operator applied to the value of a field. */
function translateOperator(operator: OperatorNode, field: Field, context: Context): Translation {
  if (operator.kind === "exists") {
    if (field.present) return operator.operand;
    const present: ChoiceRule = { Variable: field.variable, IsPresent: true };
    return operator.operand ? present : not(present);
  }
  // Everything else reads the value, which only a field present in every valid input has.
  if (!field.present) return undefined;
  if (field.kind === "array") {
    return context.measures && translateArrayOperator(operator, field, context.measures);
  }
  switch (operator.kind) {
    case "equality": {
      const equal = equality(operator.operand, field);
      return operator.operator === "$eq" || equal === undefined ? equal : not(equal);
    }
    case "membership": {
      const inSet = membership(operator.values, field);
      return operator.operator === "$in" || inSet === undefined ? inSet : not(inSet);
    }
    case "ordering":
      return ordering(operator.operator, operator.operand, field);
    case "type":
      return TYPE_KINDS[operator.operand] === field.kind;
    default:
      // $all, $size, $elemMatch: array operators, left to sift.
      return undefined;
  }
}

/**
 * One operator applied to a present array of scalars, which sift matches element-wise: equality
 * and `$in` hold when some element equals an operand, `$ne`/`$nin` when none does, `$all` when
 * every operand is an element, `$elemMatch` with one `$eq` or `$in` as those. Each is one
 * boolean measured before the Choice with intrinsics (see {@link containment}); `$size` is read
 * off which indexes are present. Comparisons (`$gt` …) and `$type` are left to sift.
 */
function translateArrayOperator(
  operator: OperatorNode,
  field: ArrayField,
  measures: Measures,
): Translation {
  switch (operator.kind) {
    case "equality": {
      const equal = containment([operator.operand], "some", field, measures);
      return operator.operator === "$eq" || equal === undefined ? equal : not(equal);
    }
    case "membership": {
      const some = containment(operator.values, "some", field, measures);
      return operator.operator === "$in" || some === undefined ? some : not(some);
    }
    case "all":
      // An `$elemMatch` element has no intrinsic literal: containment refuses it where met.
      return containment(
        operator.elements.map((element) =>
          element.kind === "literal" ? element.value : undefined,
        ),
        "every",
        field,
        measures,
      );
    case "elemMatch": {
      const [condition, ...others] = operator.operand.conditions;
      if (condition === undefined || others.length > 0) return undefined;
      if (isEqOrIn(condition)) return translateArrayOperator(condition, field, measures);
      if (condition.kind !== "field") return undefined;
      const projected = projection(field, condition.field);
      return projected && elementCondition(condition.test, projected, measures);
    }
    case "size":
      // sift also counts the items of inner arrays: only arrays of scalars are safe.
      return field.items === undefined ? undefined : size(operator.operand, field);
    default:
      return undefined;
  }
}

/** Whether a condition is an `$eq` or an `$in`, the two an element test translates. */
function isEqOrIn(condition: ConditionNode): condition is EqualityNode | MembershipNode {
  return (
    (condition.kind === "equality" && condition.operator === "$eq") ||
    (condition.kind === "membership" && condition.operator === "$in")
  );
}

/**
 * The values of one field of an array's object items, as an array of their pinned kind:
 * `$.input.segments[*].ageGroup`. Only where the array has items and each has the field: a
 * wildcard path that selects nothing is an error (`States.Runtime`), not an empty array.
 */
function projection(field: ArrayField, key: string): ArrayField | undefined {
  if (!field.nonEmpty || !PLAIN_SEGMENT.test(key) || !isObjectSchema(field.itemSchema)) {
    return undefined;
  }
  const { properties, required } = field.itemSchema;
  if (!isPlainObject(properties) || !Object.hasOwn(properties, key)) return undefined;
  if (!Array.isArray(required) || !required.includes(key)) return undefined;
  const items = pinnedKind(properties[key]);
  if (items === undefined) return undefined;
  return {
    variable: `${field.variable}[*].${key}`,
    kind: "array",
    items,
    itemSchema: properties[key],
    present: true,
    nonEmpty: true,
  };
}

/** A condition on one field of `$elemMatch`'s element: a literal, or one `$eq` or `$in`. */
function elementCondition(
  test: FieldNode["test"],
  values: ArrayField,
  measures: Measures,
): Translation {
  if (test.kind === "literal") {
    return translateArrayOperator(implicitEquality(test), values, measures);
  }
  if (test.kind === "malformed") return undefined;
  const [condition, ...others] = test.conditions;
  if (condition === undefined || others.length > 0 || !isEqOrIn(condition)) return undefined;
  return translateArrayOperator(condition, values, measures);
}

/**
 * Characters a string literal of an intrinsic function is not written with: those it would have
 * to escape, and parentheses, which aws-local-stepfunctions' intrinsic parser misreads when
 * unbalanced in a literal (`'('` fails the state, `')'` makes `States.ArrayContains` answer
 * false). A value with any of them is tested by the conditions function instead.
 */
const NOT_PLAIN_IN_INTRINSICS = /['{}\\()]/;

/**
 * Whether some (or every) one of `values` is an element of a present array of pinned scalars,
 * as one measured boolean: `States.ArrayContains(array, value)` for one value; for several,
 * whether the array of those verdicts contains `true` (some) or `false` (not every) — unless
 * that would put more than {@link MAX_INTRINSICS} calls in one field, where each value is
 * measured on its own and the Choice combines them.
 */
function containment(
  values: readonly unknown[],
  quantifier: "some" | "every",
  field: ArrayField,
  measures: Measures,
): Translation {
  if (field.items === undefined) return undefined;
  const tests: string[] = [];
  for (const value of values) {
    const literal = intrinsicLiteral(value);
    if (literal === undefined) return undefined;
    if (scalarKind(value) !== field.items) {
      // Never an element: a term that cannot hold.
      if (quantifier === "every") return false;
      continue;
    }
    tests.push(`States.ArrayContains(${field.variable}, ${literal})`);
  }
  const distinct = [...new Set(tests)];
  const some = quantifier === "some";
  if (distinct.length === 0) return !some;
  if (distinct.length === 1 || distinct.length + 2 > MAX_INTRINSICS) {
    const each = distinct.map(
      (test): ChoiceRule => ({
        Variable: measures.take(test),
        BooleanEquals: true,
      }),
    );
    return some ? or(each) : all(each);
  }
  const verdicts = `States.Array(${distinct.join(", ")})`;
  return {
    Variable: measures.take(`States.ArrayContains(${verdicts}, ${some})`),
    BooleanEquals: some,
  };
}

/** AWS allows at most 10 intrinsic functions in one field. */
const MAX_INTRINSICS = 10;

/** A scalar written as an intrinsic function's argument, if it can be plainly ({@link NOT_PLAIN_IN_INTRINSICS}). */
function intrinsicLiteral(value: unknown): string | undefined {
  switch (typeof value) {
    case "string":
      return NOT_PLAIN_IN_INTRINSICS.test(value) ? undefined : `'${value}'`;
    case "number": {
      // Plain notation only, as the intrinsic grammar writes numbers.
      const text = String(value);
      return /^-?\d+(\.\d+)?$/.test(text) ? text : undefined;
    }
    case "boolean":
      return String(value);
    default:
      return undefined;
  }
}

/** sift's `$size: n` on a present array: element n − 1 is there and element n is not. */
function size(operand: number, field: ArrayField): Translation {
  if (!Number.isSafeInteger(operand)) return undefined;
  const at = (index: number): ChoiceRule => ({
    Variable: `${field.variable}[${index}]`,
    IsPresent: true,
  });
  const beyond = not(at(operand));
  return operand === 0 ? beyond : all([at(operand - 1), beyond]);
}

/**
 * sift's `$in` on a present, non-null scalar: equal to one of the operands. When the schema
 * lists the field's values, whichever is shorter: equal to one of the listed values among the
 * operands, or to none of the listed values that are not (`securityLevel` in L2–L4 of L1–L4 is
 * "not L1").
 */
function membership(operands: readonly unknown[], field: KnownField): Translation {
  const terms = operands.map((element) => equality(element, field));
  if (!isComplete(terms)) return undefined;
  if (field.values === undefined) return or(terms);
  const outside = field.values.filter((value) => !operands.includes(value));
  const inside = field.values.filter((value) => operands.includes(value));
  const equal = (values: readonly (string | number | boolean)[]): GuardExpression =>
    or(values.map((value) => equality(value, field) ?? false));
  return outside.length < inside.length ? not(equal(outside)) : equal(inside);
}

/** sift's `$eq` on a present, non-null scalar: strict equality, false across types. */
function equality(operand: unknown, field: KnownField): Translation {
  if (operand === null) return false;
  const kind = scalarKind(operand);
  if (kind === undefined) return undefined;
  if (kind !== field.kind) return false;
  return { Variable: field.variable, [EQUALITY[kind]]: operand as string | number | boolean };
}

/** sift's `$gt`/`$gte`/`$lt`/`$lte`: false unless value and operand share a `typeof`. */
function ordering(
  operator: OrderingNode["operator"],
  operand: number | string,
  field: KnownField,
): Translation {
  const comparisons = ORDERING[operator];
  const kind = scalarKind(operand);
  if (kind !== "number" && kind !== "string") return undefined;
  if (kind !== field.kind) return false;
  return { Variable: field.variable, [comparisons[kind]]: operand as string | number };
}

/**
 * The field a dotted path names under `input.`, when the schema pins its kind, its enclosing
 * objects are present in every valid input, and every segment is a plain identifier.
 */
function knownField(path: string, inputSchema: JsonSchema): Field | undefined {
  const [head, ...segments] = path.split(".");
  if (head !== "input" || segments.length === 0) return undefined;
  let schema: unknown = inputSchema;
  let present = true;
  for (const segment of segments) {
    // Every enclosing level but the field itself must be present for IsPresent to be safe.
    if (!present || !PLAIN_SEGMENT.test(segment) || !isObjectSchema(schema)) return undefined;
    const properties = schema.properties;
    if (!isPlainObject(properties) || !Object.hasOwn(properties, segment)) return undefined;
    const required = Array.isArray(schema.required) ? schema.required : [];
    present = required.includes(segment);
    schema = properties[segment];
  }
  const variable = statePath("input", ...segments);
  if (isPlainObject(schema) && singleType(schema.type) === "array") {
    // Positions under `prefixItems` (or an `items` array) are not typed by `items`.
    const tuple = Object.hasOwn(schema, "prefixItems") || Array.isArray(schema.items);
    const itemSchema = tuple ? undefined : schema.items;
    const items = pinnedKind(itemSchema);
    const nonEmpty = typeof schema.minItems === "number" && schema.minItems >= 1;
    return { variable, kind: "array", items, itemSchema, present, nonEmpty };
  }
  const kind = pinnedKind(schema);
  if (kind === undefined) return undefined;
  const values = listedValues(schema, kind);
  return { variable, kind, present, ...(values === undefined ? {} : { values }) };
}

/** The values of a field's kind that its schema's `enum` or `const` allows, if it lists them. */
function listedValues(
  schema: unknown,
  kind: ScalarKind,
): (string | number | boolean)[] | undefined {
  if (!isPlainObject(schema)) return undefined;
  const lists: unknown[][] = [];
  if (Object.hasOwn(schema, "enum") && Array.isArray(schema.enum)) lists.push(schema.enum);
  if (Object.hasOwn(schema, "const")) lists.push([schema.const]);
  if (lists.length === 0) return undefined;
  const [first = [], ...others] = lists;
  return [...new Set(first)].filter(
    (value): value is string | number | boolean =>
      scalarKind(value) === kind && others.every((list) => list.includes(value)),
  );
}

/** Whether a schema says its value is an object (and so its `properties` apply). */
function isObjectSchema(schema: unknown): schema is Record<string, unknown> {
  return isPlainObject(schema) && singleType(schema.type) === "object";
}

/** The kind a field schema pins its (non-null) value to, if it does. */
function pinnedKind(schema: unknown): ScalarKind | undefined {
  if (!isPlainObject(schema)) return undefined;
  if (Object.hasOwn(schema, "type")) {
    const type = singleType(schema.type);
    return type !== undefined && Object.hasOwn(SCHEMA_TYPE_KINDS, type)
      ? SCHEMA_TYPE_KINDS[type]
      : undefined;
  }
  const values: unknown[] = [];
  if (Object.hasOwn(schema, "const")) values.push(schema.const);
  if (Object.hasOwn(schema, "enum")) {
    if (!Array.isArray(schema.enum)) return undefined;
    values.push(...schema.enum);
  }
  const kinds = new Set(values.map(scalarKind));
  const [kind] = kinds;
  return kinds.size === 1 ? kind : undefined;
}

/** The kind each scalar JSON Schema `type` pins a value to. */
const SCHEMA_TYPE_KINDS: Readonly<Record<string, ScalarKind>> = {
  number: "number",
  integer: "number",
  string: "string",
  boolean: "boolean",
};

/** A JSON Schema `type` naming exactly one type, as `"t"` or `["t"]`. */
function singleType(type: unknown): string | undefined {
  if (typeof type === "string") return type;
  if (Array.isArray(type) && type.length === 1 && typeof type[0] === "string") return type[0];
  return undefined;
}

function scalarKind(value: unknown): ScalarKind | undefined {
  switch (typeof value) {
    case "number":
      return Number.isFinite(value) ? "number" : undefined;
    case "string":
      return "string";
    case "boolean":
      return "boolean";
    default:
      return undefined;
  }
}

function isComplete(terms: readonly Translation[]): terms is GuardExpression[] {
  return terms.every((term) => term !== undefined);
}

/** `a and b and …`, folding constants, flattening nested `And`s and dropping repeats. */
function all(terms: readonly GuardExpression[]): GuardExpression {
  if (terms.includes(false)) return false;
  const rules = distinct(
    terms
      .filter((term): term is ChoiceRule => term !== true)
      .flatMap((rule) => ("And" in rule ? rule.And : [rule])),
  );
  if (rules.length === 0) return true;
  return rules.length === 1 && rules[0] ? rules[0] : { And: rules };
}
