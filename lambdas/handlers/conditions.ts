import { MetricUnit } from "@aws-lambda-powertools/metrics";
import type { ConditionsRequest, ConditionsResult } from "../core/contract/handler-payloads.ts";
import { evaluateConditions } from "../core/operations/evaluate-conditions.ts";
import { HANDLER_METRICS } from "./flow-metric-names.ts";
import { metrics } from "./observability.ts";
import { observedHandler } from "./observed-handler.ts";

/**
 * The conditions function: invoked (`lambda:invoke`) by a compiled machine's Task before a
 * Choice whose `when` queries the compiler could not express as Choice rules, with a
 * {@link ConditionsRequest}; answers one verdict per query key ({@link evaluateConditions}).
 * Needs no backend. A query the allowlist refuses raises an error (templates are validated
 * before they deploy, so this is a bug, not an outcome).
 *
 * @example
 * await handler({ queries: { e1: { "input.amount": { $gt: 10 } } }, input: { amount: 12 }, nodes: {} }, context);
 * // { e1: true }
 */
export const handler = observedHandler(
  "conditions",
  async (request: ConditionsRequest): Promise<ConditionsResult> => {
    metrics.addMetric(
      HANDLER_METRICS.conditionsEvaluated,
      MetricUnit.Count,
      Object.keys(request.queries).length,
    );
    return evaluateConditions(request.queries, { input: request.input, nodes: request.nodes });
  },
);
