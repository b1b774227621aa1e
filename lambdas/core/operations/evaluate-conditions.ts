import { createSafeTester } from "../conditions/safe-query.ts";
import type { FlowContext } from "../engine/instance-state.ts";
import type { Query } from "../model/template.ts";

/**
 * Evaluates the `when` queries the compiler could not express as Choice rules, with the
 * allowlisted sift tester, against the flow context.
 *
 * @example
 * evaluateConditions({ e1: { "input.amount": { $gt: 10 } } }, { input: { amount: 12 }, nodes: {} });
 * // { e1: true }
 */
export function evaluateConditions(
  queries: Readonly<Record<string, Query>>,
  context: FlowContext,
): Record<string, boolean> {
  return Object.fromEntries(
    Object.entries(queries).map(([key, query]) => [key, createSafeTester(query)(context)]),
  );
}
