import type {
  ConditionNode,
  ElemMatchNode,
  LiteralNode,
  MalformedNode,
  QueryNode,
} from "../../lambdas/core/conditions/query-syntax.ts";

/**
 * The raw query a syntax tree was parsed from (the inverse of `parseQuery`): the same keys in
 * the same order, literals and malformed parts as they were written.
 *
 * @example
 * printQuery(parseQuery({ "input.gb": { $gt: 64 } }).tree); // { "input.gb": { $gt: 64 } }
 */
export function printQuery(node: QueryNode | MalformedNode): unknown {
  if (node.kind === "malformed") return node.raw;
  // fromEntries defines own properties: a `__proto__` key stays a key.
  return Object.fromEntries(
    node.conditions.map((condition) => [conditionKey(condition), printCondition(condition)]),
  );
}

/** An element of `$all` as written: a scalar, or its `{ $elemMatch: ... }` object. */
function printAllElement(element: LiteralNode | ElemMatchNode): unknown {
  return element.kind === "literal" ? element.value : { $elemMatch: printQuery(element.operand) };
}

/** The key a condition was written under: the last step of its path. */
function conditionKey(condition: ConditionNode): string {
  switch (condition.kind) {
    case "field":
      return condition.field;
    case "malformed":
      return String(condition.path[condition.path.length - 1]);
    default:
      return condition.operator;
  }
}

function printCondition(condition: ConditionNode): unknown {
  switch (condition.kind) {
    case "field":
      return condition.test.kind === "literal" ? condition.test.value : printQuery(condition.test);
    case "equality":
    case "ordering":
    case "exists":
    case "size":
    case "type":
      return condition.operand;
    case "membership":
      return condition.values;
    case "all":
      return condition.elements.map(printAllElement);
    case "elemMatch":
    case "not":
      return printQuery(condition.operand);
    case "logical":
      return condition.operands.map(printQuery);
    case "malformed":
      return condition.raw;
  }
}
