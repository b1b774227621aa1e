import { isPlainObject } from "./detached-copy.ts";
import {
  isAllowedOperator,
  isForbiddenSegment,
  isTypeName,
  refusalReason,
  TYPE_NAMES,
} from "./operator-allowlist.ts";

/** Why a `when` query cannot be accepted, and where in it the cause sits. */
export interface QueryProblem {
  /** Keys and indexes from the query's root to the cause, e.g. `["$or", 1, "a.b", "$where"]`. */
  path: (string | number)[];
  /** Short and specific, naming the operator or segment at fault. */
  message: string;
  /** The operator the problem is about, when there is one. */
  operator?: string;
  /** The path segment refused, when that is the problem. */
  segment?: string;
}

/** Deeper than this, a query is refused rather than walked (and rather than given to sift). */
const MAX_DEPTH = 64;

type Path = (string | number)[];

/** Where an operator object stands: applied to the current item, or to a field's value. */
type Position = "query" | "field";

interface Walk {
  readonly problems: QueryProblem[];
  /** The objects and arrays on the way from the root to where the walk is. */
  readonly ancestors: Set<object>;
}

/**
 * Every reason to refuse a `when` query (SEMANTICS §2), walking it wherever sift would look for
 * an operator: `$and`/`$or`/`$nor` elements, `$not`, `$elemMatch`, `$all`, field values and
 * literal values. An empty list means sift, restricted to the allowlist, accepts the query and
 * evaluates it without surprises. Only own enumerable keys are read, as sift does.
 *
 * Beyond unknown operators and forbidden path segments it refuses what sift would throw on or
 * treat in a surprising way: malformed operands (`$in: 1`, `$size: -1`, `$exists: "yes"`,
 * `$type: "boolean"`, `$gt: null`, an empty `$all`), operators and field names mixed in one
 * condition, `$and`/`$or`/`$nor` applied to a field, operators inside literal values (compared as
 * data, never applied), regular expressions (sift's implicit `$regex`), functions, and values
 * that are not JSON data.
 *
 * @example
 * findQueryProblems({ "input.memoryGb": { $gt: 64 } }); // []
 * findQueryProblems({ $or: [{ a: 1 }, { "b.c": { $where: "1" } }] });
 * // [{ path: ["$or", 1, "b.c", "$where"], operator: "$where",
 * //    message: "operator $where is not allowed (it runs code)" }]
 */
export function findQueryProblems(query: unknown): QueryProblem[] {
  const walk: Walk = { problems: [], ancestors: new Set() };
  checkQueryObject(walk, query, [], "a query must be a plain object", undefined);
  return walk.problems;
}

/**
 * One problem as a line of text: its path, then its message.
 *
 * @example
 * formatQueryProblem({ path: ["$or", 1, "a.b", "$where"], message: "operator $where is not allowed" });
 * // '$or[1]["a.b"].$where: operator $where is not allowed'
 */
export function formatQueryProblem(problem: QueryProblem): string {
  let text = "";
  for (const step of problem.path) {
    if (typeof step === "number") text += `[${step}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(step)) text += text === "" ? step : `.${step}`;
    else text += `[${JSON.stringify(step)}]`;
  }
  return `${text === "" ? "(query)" : text}: ${problem.message}`;
}

function report(walk: Walk, path: Path, message: string, extra?: Partial<QueryProblem>): void {
  walk.problems.push({ path, message, ...extra });
}

/** Runs `visit` on a container unless it is an ancestor of itself or lies too deep. */
function enter(walk: Walk, value: object, path: Path, visit: () => void): void {
  if (walk.ancestors.has(value)) {
    report(walk, path, "the query refers to itself");
    return;
  }
  if (path.length > MAX_DEPTH) {
    report(walk, path, `the query nests more than ${MAX_DEPTH} levels deep`);
    return;
  }
  walk.ancestors.add(value);
  try {
    visit();
  } finally {
    walk.ancestors.delete(value);
  }
}

/** A query: keys are operators applied to the current item, or field paths into it. */
function checkQueryObject(
  walk: Walk,
  value: unknown,
  path: Path,
  notObject: string,
  operator: string | undefined,
): void {
  if (!isPlainObject(value)) {
    report(walk, path, notObject, operator === undefined ? {} : { operator });
    salvage(walk, value, path);
    return;
  }
  enter(walk, value, path, () => {
    for (const key of Object.keys(value)) {
      const at = [...path, key];
      if (key.startsWith("$")) {
        checkOperator(walk, key, value[key], at, "query");
      } else {
        checkFieldPath(walk, key, at);
        checkFieldValue(walk, value[key], at);
      }
    }
  });
}

/** A dotted field path: no empty segment, no prototype segment, no `$` segment. */
function checkFieldPath(walk: Walk, key: string, path: Path): void {
  for (const segment of key.split(".")) {
    if (segment === "") {
      report(walk, path, `path ${JSON.stringify(key)} has an empty segment`, { segment });
    } else if (isForbiddenSegment(segment)) {
      report(walk, path, `path segment ${segment} is not allowed`, { segment });
    } else if (segment.startsWith("$")) {
      report(walk, path, `path segment ${segment} must not start with $`, { segment });
    }
  }
}

/**
 * What a field is matched against: an object of operators when any key starts with `$` (sift
 * then refuses other keys), else a literal value compared for equality.
 */
function checkFieldValue(walk: Walk, value: unknown, path: Path): void {
  if (!isPlainObject(value) || !Object.keys(value).some((key) => key.startsWith("$"))) {
    checkLiteral(walk, value, path);
    return;
  }
  enter(walk, value, path, () => {
    for (const key of Object.keys(value)) {
      const at = [...path, key];
      if (key.startsWith("$")) {
        checkOperator(walk, key, value[key], at, "field");
      } else {
        report(walk, at, `field name ${JSON.stringify(key)} among operators; use a dotted path`);
        checkLiteral(walk, value[key], at);
      }
    }
  });
}

function checkOperator(
  walk: Walk,
  operator: string,
  operand: unknown,
  path: Path,
  position: Position,
): void {
  const refused = refusalReason(operator);
  if (refused !== undefined || !isAllowedOperator(operator)) {
    const why = refused === undefined ? "" : ` (${refused})`;
    report(walk, path, `operator ${operator} is not allowed${why}`, { operator });
    return;
  }
  const refuse = (message: string) => report(walk, path, message, { operator });
  switch (operator) {
    case "$eq":
    case "$ne":
      checkLiteral(walk, operand, path);
      return;
    case "$gt":
    case "$gte":
    case "$lt":
    case "$lte":
      if (typeof operand === "string") return;
      if (typeof operand === "number") checkLiteral(walk, operand, path);
      else refuse(`${operator} needs a number or a string`);
      return;
    case "$in":
    case "$nin":
      if (Array.isArray(operand)) checkLiteral(walk, operand, path);
      else refuse(`${operator} needs an array`);
      return;
    case "$exists":
      if (typeof operand !== "boolean") refuse("$exists needs true or false");
      return;
    case "$size":
      if (!Number.isInteger(operand) || (operand as number) < 0) {
        refuse("$size needs a non-negative integer");
      }
      return;
    case "$type":
      if (typeof operand === "string" && isTypeName(operand)) return;
      refuse(
        typeof operand === "string"
          ? `unknown $type name ${JSON.stringify(operand)}; use one of ${TYPE_NAMES.join(", ")}`
          : `$type needs one of ${TYPE_NAMES.join(", ")}`,
      );
      return;
    case "$and":
    case "$or":
    case "$nor":
      if (position === "field")
        refuse(`${operator} cannot be applied to a field; use it at query level`);
      checkQueryList(walk, operator, operand, path);
      return;
    case "$not":
    case "$elemMatch":
      checkQueryObject(walk, operand, path, `${operator} needs an object of conditions`, operator);
      return;
    case "$all":
      checkAll(walk, operand, path);
      return;
  }
}

/** The operand of `$and`, `$or` or `$nor`: a non-empty array of queries. */
function checkQueryList(walk: Walk, operator: string, operand: unknown, path: Path): void {
  if (!Array.isArray(operand) || operand.length === 0) {
    report(walk, path, `${operator} needs a non-empty array of queries`, { operator });
    salvage(walk, operand, path);
    return;
  }
  enter(walk, operand, path, () => {
    operand.forEach((element, index) => {
      checkQueryObject(
        walk,
        element,
        [...path, index],
        `${operator} elements must be query objects`,
        undefined,
      );
    });
  });
}

/**
 * The operand of `$all`: a non-empty array (sift matches everything with an empty one) of
 * scalars or `{ $elemMatch: ... }`. sift reads an object element as a query and an array
 * element as a query by index, where MongoDB compares both as data; both are refused.
 */
function checkAll(walk: Walk, operand: unknown, path: Path): void {
  if (!Array.isArray(operand) || operand.length === 0) {
    report(walk, path, "$all needs a non-empty array", { operator: "$all" });
    salvage(walk, operand, path);
    return;
  }
  enter(walk, operand, path, () => {
    operand.forEach((element, index) => {
      const at = [...path, index];
      if (isPlainObject(element) && Object.keys(element).join() === "$elemMatch") {
        checkFieldValue(walk, element, at);
        return;
      }
      if (typeof element === "object" && element !== null && !(element instanceof RegExp)) {
        report(
          walk,
          at,
          "$all elements must be strings, numbers, booleans, null or { $elemMatch: ... }",
          { operator: "$all" },
        );
        salvage(walk, element, at);
      } else {
        checkLiteral(walk, element, at);
      }
    });
  });
}

/**
 * A value compared as data: JSON data only. Keys inside it are data too, yet a key that names a
 * forbidden segment or starts with `$` is refused, to be safe and because it is almost surely a
 * mistake (sift compares `{ b: { $gt: 1 } }` as data, it does not apply `$gt`).
 */
function checkLiteral(walk: Walk, value: unknown, path: Path): void {
  if (value === null || typeof value === "string" || typeof value === "boolean") return;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) report(walk, path, "numbers must be finite");
    return;
  }
  if (Array.isArray(value)) {
    enter(walk, value, path, () => {
      value.forEach((element, index) => {
        checkLiteral(walk, element, [...path, index]);
      });
    });
    return;
  }
  if (isPlainObject(value)) {
    enter(walk, value, path, () => {
      for (const key of Object.keys(value)) {
        const at = [...path, key];
        checkLiteralKey(walk, key, at, true);
        checkLiteral(walk, value[key], at);
      }
    });
    return;
  }
  checkOpaque(walk, value, path);
}

/**
 * Inside a value already refused for its shape: looks only for what is refused anywhere
 * (operators outside the allowlist, forbidden keys, regular expressions, functions), so that
 * the author learns of a `$where` even where it sits in a malformed operand.
 */
function salvage(walk: Walk, value: unknown, path: Path): void {
  if (Array.isArray(value)) {
    enter(walk, value, path, () => {
      value.forEach((element, index) => {
        salvage(walk, element, [...path, index]);
      });
    });
  } else if (isPlainObject(value)) {
    enter(walk, value, path, () => {
      for (const key of Object.keys(value)) {
        const at = [...path, key];
        checkLiteralKey(walk, key, at, false);
        salvage(walk, value[key], at);
      }
    });
  } else if (value instanceof RegExp || typeof value === "function") {
    checkOpaque(walk, value, path);
  }
}

/** Anything that is neither a JSON scalar, an array nor a plain object. */
function checkOpaque(walk: Walk, value: unknown, path: Path): void {
  if (value instanceof RegExp) {
    report(walk, path, "regular expressions are not allowed (sift treats them as $regex)", {
      operator: "$regex",
    });
  } else if (typeof value === "function") {
    report(walk, path, "functions are not allowed");
  } else {
    report(walk, path, `values must be JSON data, not ${describe(value)}`);
  }
}

/** A key inside a value; `flagAllowed` also refuses allowlisted operators there. */
function checkLiteralKey(walk: Walk, key: string, path: Path, flagAllowed: boolean): void {
  if (key.startsWith("$")) {
    const refused = refusalReason(key);
    if (refused === undefined && isAllowedOperator(key)) {
      if (flagAllowed) {
        const message = `${key} inside a literal value is compared as data, not applied`;
        report(walk, path, message, { operator: key });
      }
    } else {
      const why = refused === undefined ? "" : ` (${refused})`;
      report(walk, path, `operator ${key} is not allowed${why}`, { operator: key });
    }
    return;
  }
  const segment = [key, ...key.split(".")].find(isForbiddenSegment);
  if (segment !== undefined) report(walk, path, `key ${segment} is not allowed`, { segment });
}

function describe(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value !== "object") return `a ${typeof value}`;
  const name: unknown = Object.getPrototypeOf(value)?.constructor?.name;
  return typeof name === "string" && name !== "" ? `a ${name}` : "an object of unknown kind";
}
