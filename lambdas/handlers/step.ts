import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { dynamoDbApprovalStore } from "../adapters/dynamodb/dynamodb-approval-store.ts";
import { dynamoDbInstanceStore } from "../adapters/dynamodb/dynamodb-instance-store.ts";
import type { StepRequest, StepResult } from "../core/contract/handler-payloads.ts";
import { stepWithTemplate } from "../core/operations/step-instance.ts";
import { backendFromEnv } from "./backend-from-env.ts";
import type { HandlerWiring } from "./backend-ports.ts";
import { meteredBackend } from "./flow-meter.ts";
import { HANDLER_METRICS } from "./flow-metric-names.ts";
import type { LambdaBackend } from "./lambda-backend.ts";
import { metrics } from "./observability.ts";
import { type LambdaHandler, observedHandler } from "./observed-handler.ts";

/**
 * The step function of the scheduler loop (templates the compiler runs as a loop rather than
 * Parallel states): invoked (`lambda:invoke`) with a {@link StepRequest}; finds the instance's
 * template version from its record, runs {@link stepWithTemplate} (the reference engine) on
 * the tenant's loop state, and answers the {@link StepResult} the loop routes and parks on.
 * Raises `Baton.StepConflict` when another step wrote the instance meanwhile (the loop
 * retries it).
 *
 * @example
 * const handler = stepHandler(() => backend);
 * await handler({ action: "start", instance: { tenant: "default", id }, input }, context);
 */
export function stepHandler(backend: () => LambdaBackend): LambdaHandler<StepRequest, StepResult> {
  return observedHandler("step", async (request: StepRequest) => {
    const wired = meteredBackend(backend());
    const { tenant, id } = request.instance;
    const instance = await wired.stores.instances.get(tenant, id);
    if (!instance) throw new TypeError(`no instance ${id}`);
    const result = await stepWithTemplate(
      wired,
      wired.loopStates(tenant),
      request,
      instance.templateId,
      instance.templateVersion,
    );
    metrics.addMetric(HANDLER_METRICS.loopSteps, MetricUnit.Count, 1);
    return result;
  });
}

/**
 * The AWS ports and stores the step function's code calls (its `HANDLER_ACCESS` row), and how each is made:
 * its bundle loads the DynamoDB client only.
 */
export const wiring: HandlerWiring = {
  handler: "step",
  keys: [],
  ports: {},
  stores: {
    instances: dynamoDbInstanceStore,
    approvals: dynamoDbApprovalStore,
  },
};

/** The Lambda entry point, on the backend of the function's environment. */
export const handler = stepHandler(backendFromEnv(wiring));
