/**
 * What an edge's `when` query may say (SEMANTICS §2): the operators it may use, the ones that
 * are never accepted, the path segments it may not name, and the type names `$type` knows.
 */

/** The query operators a `when` condition may use; every other `$` key is refused. */
export const ALLOWED_OPERATORS = [
  "$eq",
  "$ne",
  "$gt",
  "$gte",
  "$lt",
  "$lte",
  "$in",
  "$nin",
  "$exists",
  "$and",
  "$or",
  "$nor",
  "$not",
  "$all",
  "$size",
  "$elemMatch",
  "$type",
] as const;

/** One of {@link ALLOWED_OPERATORS}. */
export type AllowedOperator = (typeof ALLOWED_OPERATORS)[number];

/**
 * Operators refused whatever else changes, each with the reason given to the template author.
 * sift runs a string `$where` as code; the others are outside what conditions may express.
 */
export const REFUSED_OPERATORS: Readonly<Record<string, string>> = Object.freeze({
  $where: "it runs code",
  $function: "it runs code",
  $expr: "aggregation expressions are not supported",
  $regex: "regular expressions are not supported",
});

/** Path segments that reach into the prototype chain; refused anywhere in a query. */
export const FORBIDDEN_PATH_SEGMENTS = ["__proto__", "constructor", "prototype"] as const;

/**
 * The type names `$type` accepts: sift's aliases. `bool` (not `boolean`) and no `object`;
 * `timestamp` matches `Date` instances only, which a JSON flow context never holds.
 */
export const TYPE_NAMES = ["number", "string", "bool", "array", "null", "timestamp"] as const;

/** One of {@link TYPE_NAMES}. */
export type TypeName = (typeof TYPE_NAMES)[number];

const allowedOperators: ReadonlySet<string> = new Set(ALLOWED_OPERATORS);
const forbiddenSegments: ReadonlySet<string> = new Set(FORBIDDEN_PATH_SEGMENTS);
const typeNames: ReadonlySet<string> = new Set(TYPE_NAMES);

/**
 * Whether `name` is an operator a condition may use.
 *
 * @example
 * isAllowedOperator("$gt");    // true
 * isAllowedOperator("$where"); // false
 */
export function isAllowedOperator(name: string): name is AllowedOperator {
  return allowedOperators.has(name);
}

/**
 * Whether a path segment is one that reaches into the prototype chain.
 *
 * @example
 * isForbiddenSegment("__proto__"); // true
 * isForbiddenSegment("amount");    // false
 */
export function isForbiddenSegment(segment: string): boolean {
  return forbiddenSegments.has(segment);
}

/**
 * Whether `name` is a type name `$type` accepts.
 *
 * @example
 * isTypeName("bool");    // true
 * isTypeName("boolean"); // false
 */
export function isTypeName(name: string): name is TypeName {
  return typeNames.has(name);
}

/**
 * The reason an operator is always refused, or `undefined` when it is not one of those.
 *
 * @example
 * refusalReason("$where"); // "it runs code"
 * refusalReason("$gt");    // undefined
 */
export function refusalReason(name: string): string | undefined {
  return Object.hasOwn(REFUSED_OPERATORS, name) ? REFUSED_OPERATORS[name] : undefined;
}
