import { MetricUnit } from "@aws-lambda-powertools/metrics";
import type { StepRequest, StepResult } from "../core/contract/handler-payloads.ts";
import { ReferenceEngine } from "../core/engine/reference-engine.ts";
import { stepInstance } from "../core/operations/step-instance.ts";
import { backendFromEnv } from "./backend-from-env.ts";
import type { LambdaBackend } from "./lambda-backend.ts";
import { metrics } from "./observability.ts";
import { type LambdaHandler, observedHandler } from "./observed-handler.ts";

/**
 * The step function of the scheduler loop (templates the compiler runs as a loop rather than
 * Parallel states): invoked (`lambda:invoke`) with a {@link StepRequest}; finds the instance's
 * template version from its record, runs {@link stepInstance} with the reference engine on
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
    const wired = backend();
    const { tenant, id } = request.instance;
    const instance = await wired.stores.instances.get(tenant, id);
    if (!instance) throw new TypeError(`no instance ${id}`);
    const template = await wired.templates.get(instance.templateId, instance.templateVersion);
    if (!template) {
      throw new TypeError(`no template ${instance.templateId} v${instance.templateVersion}`);
    }
    const result = await stepInstance(
      new ReferenceEngine(template, { directory: wired.directory }),
      wired.loopStates(tenant),
      request,
      wired.clock.now().getTime(),
    );
    metrics.addMetric("LoopSteps", MetricUnit.Count, 1);
    return result;
  });
}

/** The Lambda entry point, on the backend of the function's environment. */
export const handler = stepHandler(backendFromEnv);
