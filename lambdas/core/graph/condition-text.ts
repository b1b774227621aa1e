/**
 * A compact, readable rendering of an edge's `when` query for pictures and pages.
 *
 * Simple queries read like expressions (`input.memoryGb > 64`,
 * `input.securityLevel in ["L3", "L4"]`); anything the renderer does not know how to say
 * falls back to the query's compact JSON, so that a picture never hides part of a condition.
 * It reads the query's syntax tree (`parseQuery`); a query with problems is written as JSON.
 */
import { parseValidQuery } from "../conditions/parse-query.ts";
import type {
  ConditionNode,
  EqualityNode,
  FieldNode,
  LiteralNode,
  LogicalNode,
  OrderingNode,
  QueryNode,
} from "../conditions/query-syntax.ts";
import type { Query } from "../model/template.ts";

/** Binding strength of a rendered fragment, to know when to add parentheses. */
type Precedence = 0 | 1 | 2; // 0: or, 1: and, 2: atom

interface Fragment {
  text: string;
  precedence: Precedence;
}

const COMPARISONS: Readonly<Record<(EqualityNode | OrderingNode)["operator"], string>> = {
  $eq: "==",
  $ne: "!=",
  $gt: ">",
  $gte: ">=",
  $lt: "<",
  $lte: "<=",
};

/** The placeholder for the element itself in `$elemMatch` over an array of scalars. */
const ELEMENT = "_";

/**
 * Renders a `when` query as a short expression, or as compact JSON when it uses a form the
 * renderer has no words for.
 *
 * @example
 * conditionText({ "input.memoryGb": { $gt: 64 } });                  // 'input.memoryGb > 64'
 * conditionText({ $or: [{ "input.env": "prod" }, { "input.hotfix": true }] });
 * // 'input.env == "prod" or input.hotfix == true'
 * conditionText({ "input.tags": { $size: 0 } });                     // 'size(input.tags) == 0'
 */
export function conditionText(query: Query): string {
  const tree = parseValidQuery(query);
  return (tree && formatQuery(tree)?.text) ?? compactJson(query);
}

/** A query on the context (or on an element): its fields and `$and`/`$or`/`$nor`. */
function formatQuery(query: QueryNode): Fragment | undefined {
  const parts: Fragment[] = [];
  for (const condition of query.conditions) {
    const part =
      condition.kind === "field"
        ? formatField(condition.field, condition.test)
        : condition.kind === "logical"
          ? formatLogical(condition)
          : undefined;
    if (part === undefined) return undefined;
    parts.push(part);
  }
  return combine(parts, " and ", 1);
}

function formatLogical(logical: LogicalNode): Fragment | undefined {
  const parts: Fragment[] = [];
  for (const operand of logical.operands) {
    const part = operand.kind === "query" ? formatQuery(operand) : undefined;
    if (part === undefined) return undefined;
    parts.push(part);
  }
  switch (logical.operator) {
    case "$and":
      return combine(parts, " and ", 1);
    case "$or":
      return combine(parts, " or ", 0);
    case "$nor": {
      const any = combine(parts, " or ", 0);
      return any && { text: `not (${any.text})`, precedence: 2 };
    }
  }
}

/** What the value at `path` is tested with: a literal to equal, or operators. */
function formatField(path: string, test: FieldNode["test"]): Fragment | undefined {
  if (test.kind === "literal") return atom(`${path} == ${compactJson(test.value)}`);
  if (test.kind === "malformed") return undefined;
  const parts: Fragment[] = [];
  for (const condition of test.conditions) {
    const part = formatOperator(path, condition);
    if (part === undefined) return undefined;
    parts.push(part);
  }
  return combine(parts, " and ", 1);
}

function formatOperator(path: string, condition: ConditionNode): Fragment | undefined {
  switch (condition.kind) {
    case "equality":
    case "ordering":
      return atom(`${path} ${COMPARISONS[condition.operator]} ${compactJson(condition.operand)}`);
    case "membership":
      return atom(
        `${path} ${condition.operator === "$in" ? "in" : "not in"} ${list(condition.values)}`,
      );
    case "all": {
      // An `$elemMatch` among the elements has no words here: the query is written as JSON
      const { elements } = condition;
      if (!elements.every((element): element is LiteralNode => element.kind === "literal")) {
        return undefined;
      }
      return atom(`${path} has all ${list(elements.map((element) => element.value))}`);
    }
    case "exists":
      return atom(condition.operand ? `${path} exists` : `${path} missing`);
    case "size":
      return atom(`size(${path}) == ${compactJson(condition.operand)}`);
    case "type":
      return atom(`type(${path}) == ${compactJson(condition.operand)}`);
    case "not": {
      const inner = isOperators(condition.operand)
        ? formatField(path, condition.operand)
        : undefined;
      return inner && atom(`not (${inner.text})`);
    }
    case "elemMatch": {
      const inner = isOperators(condition.operand)
        ? formatField(ELEMENT, condition.operand)
        : formatQuery(condition.operand);
      return inner && atom(`any(${path}: ${inner.text})`);
    }
    default:
      return undefined;
  }
}

function combine(parts: Fragment[], separator: string, precedence: 0 | 1): Fragment | undefined {
  const [only] = parts;
  if (only === undefined) return undefined;
  if (parts.length === 1) return only;
  const text = parts
    .map((part) => (part.precedence < precedence ? `(${part.text})` : part.text))
    .join(separator);
  return { text, precedence };
}

function atom(text: string): Fragment {
  return { text, precedence: 2 };
}

function list(values: readonly unknown[]): string {
  return `[${values.map(compactJson).join(", ")}]`;
}

function compactJson(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/** Whether a query holds operators only (applied to one value), none of them on a field. */
function isOperators(query: QueryNode): boolean {
  return query.conditions.length > 0 && query.conditions.every((c) => c.kind !== "field");
}
