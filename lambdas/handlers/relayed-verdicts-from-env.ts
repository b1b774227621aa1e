import { lambdaClient } from "../adapters/aws/lambda-client.ts";
import { LambdaVerdictDelivery } from "../adapters/aws/lambda-verdict-delivery.ts";
import type { VerdictDelivery } from "../core/ports/verdict-delivery.ts";
import type { PortFactory } from "./backend-ports.ts";
import { requiredVariable } from "./environment-variables.ts";

/**
 * Verdicts relayed to the API function (`LambdaVerdictDelivery`) that `VERDICT_FUNCTION_ARN`
 * names (required; unqualified, its newest code): the functions whose code delivers verdicts but
 * sends no task result (`relaysVerdicts`: pages, approvals, reconciler, sweeper, execution-facts).
 *
 * @example
 * const ports = { bus: eventBridgeBusFromEnv, verdicts: relayedVerdicts };
 */
export const relayedVerdicts: PortFactory<VerdictDelivery> = ({ env, clients }) =>
  new LambdaVerdictDelivery(clients(lambdaClient), requiredVariable(env, "VERDICT_FUNCTION_ARN"));
