import { isPlainObject } from "./detached-copy.ts";
import {
  isAllowedOperator,
  isForbiddenSegment,
  isTypeName,
  refusalReason,
  TYPE_NAMES,
} from "./operator-allowlist.ts";
import type { QueryProblem } from "./query-problems.ts";
import type {
  AllNode,
  ConditionNode,
  ElemMatchNode,
  FieldNode,
  JsonValue,
  LiteralNode,
  LogicalNode,
  MalformedNode,
  QueryNode,
  QueryPath,
} from "./query-syntax.ts";

/** A query's syntax tree and every reason to refuse it. */
export interface ParsedQuery {
  /**
   * The tree: complete when `problems` is empty; else the parts refused are `malformed` nodes
   * (a root that is not a plain object is one), the rest parsed as usual.
   */
  readonly tree: QueryNode | MalformedNode;
  /** Every reason to refuse the query, in the order the parser met them; empty when none. */
  readonly problems: readonly QueryProblem[];
}

/** Deeper than this, a query is refused rather than parsed (and rather than given to sift). */
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
 * Parses a `when` query (SEMANTICS §2) into its syntax tree, finding every reason to refuse it:
 * the only code that reads the raw query's shape. It looks wherever sift would look for an
 * operator: `$and`/`$or`/`$nor` elements, `$not`, `$elemMatch`, `$all`, field values and literal
 * values. No problem means sift, restricted to the allowlist, accepts the query and evaluates
 * it without surprises. Only own enumerable keys are read, each once, as sift does.
 *
 * Beyond unknown operators and forbidden path segments it refuses what sift would throw on or
 * treat in a surprising way: malformed operands (`$in: 1`, `$size: -1`, `$exists: "yes"`,
 * `$type: "boolean"`, `$gt: null`, an empty `$all`), operators and field names mixed in one
 * condition, `$and`/`$or`/`$nor` applied to a field, operators inside literal values (compared as
 * data, never applied), regular expressions (sift's implicit `$regex`), functions, and values
 * that are not JSON data.
 *
 * @example
 * parseQuery({ "input.memoryGb": { $gt: 64 } }).tree;
 * // { kind: "query", path: [], conditions: [{ kind: "field", path: ["input.memoryGb"],
 * //   field: "input.memoryGb", test: { kind: "query", path: ["input.memoryGb"], conditions: [
 * //   { kind: "ordering", path: ["input.memoryGb", "$gt"], operator: "$gt", operand: 64 }] } }] }
 * parseQuery({ $or: [{ a: 1 }, { "b.c": { $where: "1" } }] }).problems;
 * // [{ path: ["$or", 1, "b.c", "$where"], operator: "$where",
 * //    message: "operator $where is not allowed (it runs code)" }]
 */
export function parseQuery(query: unknown): ParsedQuery {
  const walk: Walk = { problems: [], ancestors: new Set() };
  const tree = parseQueryObject(walk, query, [], "a query must be a plain object", undefined);
  return { tree, problems: walk.problems };
}

/**
 * The syntax tree of a query that has no problem (see {@link parseQuery}), else `undefined`.
 *
 * @example
 * parseValidQuery({ "input.env": "prod" })?.conditions[0]?.kind; // "field"
 * parseValidQuery({ $where: "this.x" });                         // undefined
 */
export function parseValidQuery(query: unknown): QueryNode | undefined {
  const { tree, problems } = parseQuery(query);
  return problems.length === 0 && tree.kind === "query" ? tree : undefined;
}

function report(walk: Walk, path: Path, message: string, extra?: Partial<QueryProblem>): void {
  walk.problems.push({ path, message, ...extra });
}

function malformed(path: QueryPath, raw: unknown): MalformedNode {
  return { kind: "malformed", path, raw };
}

/** Runs `visit` on a container unless it is an ancestor of itself or lies too deep. */
function enter<T>(walk: Walk, value: object, path: Path, visit: () => T): T | MalformedNode {
  if (walk.ancestors.has(value)) {
    report(walk, path, "the query refers to itself");
    return malformed(path, value);
  }
  if (path.length > MAX_DEPTH) {
    report(walk, path, `the query nests more than ${MAX_DEPTH} levels deep`);
    return malformed(path, value);
  }
  walk.ancestors.add(value);
  try {
    return visit();
  } finally {
    walk.ancestors.delete(value);
  }
}

/** A query: keys are operators applied to the current item, or field paths into it. */
function parseQueryObject(
  walk: Walk,
  value: unknown,
  path: Path,
  notObject: string,
  operator: string | undefined,
): QueryNode | MalformedNode {
  if (!isPlainObject(value)) {
    report(walk, path, notObject, operator === undefined ? {} : { operator });
    salvage(walk, value, path);
    return malformed(path, value);
  }
  return enter(walk, value, path, (): QueryNode => {
    const conditions = Object.keys(value).map((key): ConditionNode => {
      const at = [...path, key];
      return key.startsWith("$")
        ? parseOperator(walk, key, value[key], at, "query")
        : parseField(walk, key, value[key], at);
    });
    return { kind: "query", path, conditions };
  });
}

/** `key: value` in a query, where `key` is a field path. */
function parseField(walk: Walk, key: string, value: unknown, path: Path): FieldNode {
  checkFieldPath(walk, key, path);
  return { kind: "field", path, field: key, test: parseFieldValue(walk, value, path) };
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
function parseFieldValue(
  walk: Walk,
  value: unknown,
  path: Path,
): LiteralNode | QueryNode | MalformedNode {
  if (!isPlainObject(value) || !Object.keys(value).some((key) => key.startsWith("$"))) {
    return parseLiteral(walk, value, path);
  }
  return enter(walk, value, path, (): QueryNode => {
    const conditions = Object.keys(value).map((key): ConditionNode => {
      const at = [...path, key];
      const operand = value[key];
      if (key.startsWith("$")) return parseOperator(walk, key, operand, at, "field");
      report(walk, at, `field name ${JSON.stringify(key)} among operators; use a dotted path`);
      checkLiteral(walk, operand, at);
      return malformed(at, operand);
    });
    return { kind: "query", path, conditions };
  });
}

/** A value compared as data: a literal when it is JSON data, else malformed. */
function parseLiteral(walk: Walk, value: unknown, path: Path): LiteralNode | MalformedNode {
  const before = walk.problems.length;
  checkLiteral(walk, value, path);
  return walk.problems.length === before
    ? { kind: "literal", path, value: value as JsonValue }
    : malformed(path, value);
}

function parseOperator(
  walk: Walk,
  operator: string,
  operand: unknown,
  path: Path,
  position: Position,
): ConditionNode {
  const refused = refusalReason(operator);
  if (refused !== undefined || !isAllowedOperator(operator)) {
    const why = refused === undefined ? "" : ` (${refused})`;
    report(walk, path, `operator ${operator} is not allowed${why}`, { operator });
    return malformed(path, operand);
  }
  const refuse = (message: string): MalformedNode => {
    report(walk, path, message, { operator });
    return malformed(path, operand);
  };
  switch (operator) {
    case "$eq":
    case "$ne": {
      const literal = parseLiteral(walk, operand, path);
      if (literal.kind === "malformed") return literal;
      return { kind: "equality", path, operator, operand: literal.value };
    }
    case "$gt":
    case "$gte":
    case "$lt":
    case "$lte": {
      if (typeof operand !== "string" && typeof operand !== "number") {
        return refuse(`${operator} needs a number or a string`);
      }
      const literal = parseLiteral(walk, operand, path);
      if (literal.kind === "malformed") return literal;
      return { kind: "ordering", path, operator, operand };
    }
    case "$in":
    case "$nin": {
      if (!Array.isArray(operand)) return refuse(`${operator} needs an array`);
      const literal = parseLiteral(walk, operand, path);
      if (literal.kind === "malformed") return literal;
      return { kind: "membership", path, operator, values: operand };
    }
    case "$exists":
      if (typeof operand !== "boolean") return refuse("$exists needs true or false");
      return { kind: "exists", path, operator, operand };
    case "$size":
      if (typeof operand !== "number" || !Number.isInteger(operand) || operand < 0) {
        return refuse("$size needs a non-negative integer");
      }
      return { kind: "size", path, operator, operand };
    case "$type":
      if (typeof operand === "string" && isTypeName(operand)) {
        return { kind: "type", path, operator, operand };
      }
      return refuse(
        typeof operand === "string"
          ? `unknown $type name ${JSON.stringify(operand)}; use one of ${TYPE_NAMES.join(", ")}`
          : `$type needs one of ${TYPE_NAMES.join(", ")}`,
      );
    case "$and":
    case "$or":
    case "$nor": {
      if (position === "query") return parseQueryList(walk, operator, operand, path);
      const refusal = refuse(`${operator} cannot be applied to a field; use it at query level`);
      parseQueryList(walk, operator, operand, path);
      return refusal;
    }
    case "$not":
    case "$elemMatch": {
      const notObject = `${operator} needs an object of conditions`;
      const query = parseQueryObject(walk, operand, path, notObject, operator);
      if (query.kind === "malformed") return query;
      return operator === "$not"
        ? { kind: "not", path, operator, operand: query }
        : { kind: "elemMatch", path, operator, operand: query };
    }
    case "$all":
      return parseAll(walk, operand, path);
  }
}

/** The operand of `$and`, `$or` or `$nor`: a non-empty array of queries. */
function parseQueryList(
  walk: Walk,
  operator: LogicalNode["operator"],
  operand: unknown,
  path: Path,
): LogicalNode | MalformedNode {
  if (!Array.isArray(operand) || operand.length === 0) {
    report(walk, path, `${operator} needs a non-empty array of queries`, { operator });
    salvage(walk, operand, path);
    return malformed(path, operand);
  }
  return enter(walk, operand, path, (): LogicalNode => {
    const operands: (QueryNode | MalformedNode)[] = [];
    operand.forEach((element, index) => {
      const notQuery = `${operator} elements must be query objects`;
      operands.push(parseQueryObject(walk, element, [...path, index], notQuery, undefined));
    });
    return { kind: "logical", path, operator, operands };
  });
}

/**
 * The operand of `$all`: a non-empty array (sift matches everything with an empty one) of
 * scalars or `{ $elemMatch: ... }`. sift reads an object element as a query and an array
 * element as a query by index, where MongoDB compares both as data; both are refused.
 */
function parseAll(walk: Walk, operand: unknown, path: Path): AllNode | MalformedNode {
  if (!Array.isArray(operand) || operand.length === 0) {
    report(walk, path, "$all needs a non-empty array", { operator: "$all" });
    salvage(walk, operand, path);
    return malformed(path, operand);
  }
  const before = walk.problems.length;
  const all = enter(walk, operand, path, (): AllNode => {
    const elements: (LiteralNode | ElemMatchNode)[] = [];
    operand.forEach((element, index) => {
      const at = [...path, index];
      if (isPlainObject(element) && Object.keys(element).join() === "$elemMatch") {
        const match = enter(walk, element, at, () =>
          parseOperator(walk, "$elemMatch", element.$elemMatch, [...at, "$elemMatch"], "field"),
        );
        if (match.kind === "elemMatch") elements.push(match);
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
        return;
      }
      const literal = parseLiteral(walk, element, at);
      if (literal.kind === "literal") elements.push(literal);
    });
    return { kind: "all", path, operator: "$all", elements };
  });
  return walk.problems.length === before ? all : malformed(path, operand);
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
