/**
 * A compact, readable rendering of an edge's `when` query for pictures and pages.
 *
 * Simple queries read like expressions (`input.memoryGb > 64`,
 * `input.securityLevel in ["L3", "L4"]`); anything the renderer does not know how to say
 * falls back to the query's compact JSON, so that a picture never hides part of a condition.
 */
import type { Query } from "../model/template.ts";

/** Binding strength of a rendered fragment, to know when to add parentheses. */
type Precedence = 0 | 1 | 2; // 0: or, 1: and, 2: atom

interface Fragment {
  text: string;
  precedence: Precedence;
}

const COMPARISONS: Readonly<Record<string, string>> = {
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
  return formatQuery(query)?.text ?? compactJson(query);
}

function formatQuery(query: unknown): Fragment | undefined {
  if (!isPlainObject(query)) return undefined;
  const parts: Fragment[] = [];
  for (const [key, value] of Object.entries(query)) {
    const part = key.startsWith("$") ? formatLogical(key, value) : formatField(key, value);
    if (part === undefined) return undefined;
    parts.push(part);
  }
  return combine(parts, " and ", 1);
}

function formatLogical(operator: string, operands: unknown): Fragment | undefined {
  if (!Array.isArray(operands) || operands.length === 0) return undefined;
  const parts: Fragment[] = [];
  for (const operand of operands) {
    const part = formatQuery(operand);
    if (part === undefined) return undefined;
    parts.push(part);
  }
  if (operator === "$and") return combine(parts, " and ", 1);
  if (operator === "$or") return combine(parts, " or ", 0);
  if (operator === "$nor") {
    const any = combine(parts, " or ", 0);
    return any && { text: `not (${any.text})`, precedence: 2 };
  }
  return undefined;
}

function formatField(path: string, condition: unknown): Fragment | undefined {
  if (!isOperatorObject(condition)) {
    return hasOperatorKey(condition) ? undefined : atom(`${path} == ${compactJson(condition)}`);
  }
  const parts: Fragment[] = [];
  for (const [operator, argument] of Object.entries(condition)) {
    const part = formatOperator(path, operator, argument);
    if (part === undefined) return undefined;
    parts.push(part);
  }
  return combine(parts, " and ", 1);
}

function formatOperator(path: string, operator: string, argument: unknown): Fragment | undefined {
  const comparison = COMPARISONS[operator];
  if (comparison !== undefined) return atom(`${path} ${comparison} ${compactJson(argument)}`);
  switch (operator) {
    case "$in":
      return Array.isArray(argument) ? atom(`${path} in ${list(argument)}`) : undefined;
    case "$nin":
      return Array.isArray(argument) ? atom(`${path} not in ${list(argument)}`) : undefined;
    case "$all":
      return Array.isArray(argument) ? atom(`${path} has all ${list(argument)}`) : undefined;
    case "$exists":
      return atom(argument ? `${path} exists` : `${path} missing`);
    case "$size":
      return atom(`size(${path}) == ${compactJson(argument)}`);
    case "$type":
      return atom(`type(${path}) == ${compactJson(argument)}`);
    case "$not": {
      const inner = isOperatorObject(argument) ? formatField(path, argument) : undefined;
      return inner && atom(`not (${inner.text})`);
    }
    case "$elemMatch": {
      const inner = isOperatorObject(argument)
        ? formatField(ELEMENT, argument)
        : formatQuery(argument);
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

function list(values: unknown[]): string {
  return `[${values.map(compactJson).join(", ")}]`;
}

function compactJson(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function hasOperatorKey(value: unknown): boolean {
  return isPlainObject(value) && Object.keys(value).some((key) => key.startsWith("$"));
}

function isOperatorObject(value: unknown): value is Record<string, unknown> {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => key.startsWith("$"));
}
