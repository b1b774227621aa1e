import { EventPatternError } from "./event-pattern-error.ts";

/** A JSON value a pattern compares exactly: a string, number, boolean or null. */
export type PatternScalar = string | number | boolean | null;

/** `{ "equals-ignore-case": "…" }` inside `prefix` or `suffix`. */
export interface IgnoreCase {
  "equals-ignore-case": string;
}

/** What `anything-but` excludes: values, a prefix, a suffix or values in any case. */
export type AnythingBut =
  | PatternScalar
  | readonly PatternScalar[]
  | { prefix: string }
  | { suffix: string }
  | { "equals-ignore-case": string | readonly string[] };

/** A comparison operator of `numeric`. */
export type NumericOperator = "=" | "<" | "<=" | ">" | ">=";

/**
 * One entry of a field's list in an EventBridge pattern: a value matched exactly, or one of
 * the content filters Baton supports.
 */
export type PatternMatcher =
  | PatternScalar
  | { prefix: string | IgnoreCase }
  | { suffix: string | IgnoreCase }
  | { "equals-ignore-case": string }
  | { "anything-but": AnythingBut }
  | { numeric: readonly (NumericOperator | number)[] }
  | { exists: boolean };

/**
 * An EventBridge event pattern: each field names a list of matchers (the field matches if any
 * does) or a nested pattern; every field must match; `$or` takes a list of patterns of which
 * one must match.
 *
 * @example
 * const pattern: EventPattern = {
 *   source: ["baton"],
 *   "detail-type": ["flow.ended"],
 *   detail: { templateId: [{ prefix: "expense" }], nodeId: [{ exists: false }] },
 * };
 */
export interface EventPattern {
  [field: string]: readonly PatternMatcher[] | EventPattern | readonly EventPattern[];
}

/** Tells whether one leaf value of an event satisfies a matcher. */
type ValueTest = (value: PatternScalar) => boolean;

/** A field's matcher, compiled: given the field's leaf values (none when absent), does it match? */
type LeafTest = (values: readonly PatternScalar[]) => boolean;

/** A pattern, compiled: does it match this object (or `undefined` for one that is absent)? */
type ObjectTest = (value: unknown) => boolean;

const NUMERIC_OPERATORS: readonly string[] = ["=", "<", "<=", ">", ">="];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const isScalar = (value: unknown): value is PatternScalar =>
  value === null || ["string", "number", "boolean"].includes(typeof value);

/** Arrays in an event are flattened: a field matches if any of their elements does. */
function flatten(value: unknown): unknown[] {
  return Array.isArray(value) ? value.flatMap(flatten) : [value];
}

/** The scalar values of a field: none when it is absent or an object (not a leaf). */
function leafValues(value: unknown): PatternScalar[] {
  return value === undefined ? [] : flatten(value).filter(isScalar);
}

function exactly(expected: PatternScalar): ValueTest {
  return (value) => value === expected;
}

function text(field: string, operator: string, operand: unknown): string {
  if (typeof operand !== "string") {
    throw new EventPatternError(
      field,
      `${operator} takes a string, not ${JSON.stringify(operand)}`,
    );
  }
  return operand;
}

/** `prefix` or `suffix`, of a string or of `{ "equals-ignore-case": … }`. */
function affix(field: string, operator: "prefix" | "suffix", operand: unknown): ValueTest {
  const ignoreCase = isObject(operand);
  const wanted = ignoreCase
    ? text(field, `${operator} equals-ignore-case`, operand["equals-ignore-case"])
    : text(field, operator, operand);
  const expected = ignoreCase ? wanted.toLowerCase() : wanted;
  return (value) => {
    if (typeof value !== "string") return false;
    const seen = ignoreCase ? value.toLowerCase() : value;
    return operator === "prefix" ? seen.startsWith(expected) : seen.endsWith(expected);
  };
}

function ignoringCase(field: string, operand: unknown): ValueTest {
  const words = (Array.isArray(operand) ? operand : [operand]).map((word) =>
    text(field, "equals-ignore-case", word).toLowerCase(),
  );
  return (value) => typeof value === "string" && words.includes(value.toLowerCase());
}

/** `numeric`: one or two comparisons (`[">", 0, "<=", 5]`), all of which must hold. */
function numeric(field: string, operand: unknown): ValueTest {
  const terms = Array.isArray(operand) ? operand : [];
  const valid =
    (terms.length === 2 || terms.length === 4) &&
    terms.every((term, index) =>
      index % 2 === 0
        ? NUMERIC_OPERATORS.includes(term as string)
        : typeof term === "number" && Number.isFinite(term),
    );
  if (!valid) {
    throw new EventPatternError(
      field,
      `numeric takes one or two comparisons such as [">", 0, "<=", 5], not ${JSON.stringify(operand)}`,
    );
  }
  const comparisons: [string, number][] = [];
  for (let index = 0; index < terms.length; index += 2) {
    comparisons.push([terms[index] as string, terms[index + 1] as number]);
  }
  return (value) =>
    typeof value === "number" &&
    comparisons.every(([operator, bound]) => {
      if (operator === "=") return value === bound;
      if (operator === "<") return value < bound;
      if (operator === "<=") return value <= bound;
      if (operator === ">") return value > bound;
      return value >= bound;
    });
}

/** What `anything-but` excludes, as a test of the values it excludes. */
function excluded(field: string, operand: unknown): ValueTest {
  if (isScalar(operand)) return exactly(operand);
  if (Array.isArray(operand)) {
    if (!operand.every(isScalar)) {
      throw new EventPatternError(field, "anything-but takes a list of strings or numbers");
    }
    return (value) => operand.includes(value);
  }
  if (isObject(operand) && Object.keys(operand).length === 1) {
    if ("prefix" in operand) return affix(field, "prefix", text(field, "prefix", operand.prefix));
    if ("suffix" in operand) return affix(field, "suffix", text(field, "suffix", operand.suffix));
    if ("equals-ignore-case" in operand) {
      return ignoringCase(field, operand["equals-ignore-case"]);
    }
  }
  throw new EventPatternError(
    field,
    `anything-but takes a value, a list, prefix, suffix or equals-ignore-case, not ${JSON.stringify(operand)}`,
  );
}

/** Compiles one matcher of a field's list. */
function leafTest(field: string, matcher: unknown): LeafTest {
  if (isScalar(matcher)) {
    const test = exactly(matcher);
    return (values) => values.some(test);
  }
  const [operator, ...others] = isObject(matcher) ? Object.keys(matcher) : [];
  if (!isObject(matcher) || operator === undefined || others.length > 0) {
    throw new EventPatternError(
      field,
      `a matcher is a value or an object with one operator, not ${JSON.stringify(matcher)}`,
    );
  }
  const operand = matcher[operator];
  if (operator === "exists") {
    if (typeof operand !== "boolean")
      throw new EventPatternError(field, "exists takes true or false");
    return (values) => values.length > 0 === operand;
  }
  if (operator === "anything-but") {
    const test = excluded(field, operand);
    return (values) => values.some((value) => !test(value));
  }
  let test: ValueTest;
  if (operator === "prefix" || operator === "suffix") test = affix(field, operator, operand);
  else if (operator === "equals-ignore-case")
    test = ignoringCase(field, text(field, operator, operand));
  else if (operator === "numeric") test = numeric(field, operand);
  else throw new EventPatternError(field, `unsupported operator "${operator}"`);
  return (values) => values.some(test);
}

/** Compiles a pattern (or a nested one) into a test of the object at its level. */
function objectTest(pattern: unknown, path: string): ObjectTest {
  if (!isObject(pattern)) {
    throw new EventPatternError(path, `a pattern is an object, not ${JSON.stringify(pattern)}`);
  }
  const tests = Object.entries(pattern).map(([key, value]): ObjectTest => {
    const field = path ? `${path}.${key}` : key;
    if (key === "$or" && Array.isArray(value) && value.every(isObject)) {
      if (value.length < 2) throw new EventPatternError(field, "$or takes two patterns or more");
      const branches = value.map((branch) => objectTest(branch, path));
      return (object) => branches.some((branch) => branch(object));
    }
    if (Array.isArray(value)) {
      if (value.length === 0)
        throw new EventPatternError(field, "a field's list of matchers is empty");
      const matchers = value.map((matcher) => leafTest(field, matcher));
      return (object) => {
        const values = leafValues(isObject(object) ? object[key] : undefined);
        return matchers.some((matcher) => matcher(values));
      };
    }
    const nested = objectTest(value, field);
    return (object) => {
      const inside = flatten(isObject(object) ? object[key] : undefined).filter(isObject);
      return inside.length === 0 ? nested(undefined) : inside.some(nested);
    };
  });
  return (object) => tests.every((test) => test(object));
}

/**
 * Compiles an EventBridge event pattern into a test of events (or any JSON object), checking
 * it once: throws {@link EventPatternError} for what Baton does not support. Supported: exact
 * values (strings, numbers, booleans, null), `prefix` and `suffix` (also with
 * `equals-ignore-case`), `equals-ignore-case`, `anything-but` (a value, a list, `prefix`,
 * `suffix`, `equals-ignore-case`), `numeric`, `exists`, nested objects and `$or`. Not
 * supported: `cidr`, `wildcard`.
 *
 * As on EventBridge: an event array matches if any element does; `exists` looks at leaves
 * only (a field holding an object does not exist for it); every other matcher needs the
 * field present; `anything-but` matches a value its operand would not match.
 *
 * @example
 * const isEnd = compilePattern({ "detail-type": ["flow.ended"] });
 * isEnd(envelope); // true for a flow.ended envelope
 */
export function compilePattern(pattern: EventPattern): (event: unknown) => boolean {
  return objectTest(pattern, "");
}

/**
 * Whether an event (an EventBridge envelope, or any JSON object) matches a pattern; see
 * {@link compilePattern} for what is supported. Compile once when matching many events.
 *
 * @example
 * matchesPattern({ source: ["baton"], detail: { nodeId: [{ prefix: "lead" }] } }, envelope);
 */
export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  return compilePattern(pattern)(event);
}
