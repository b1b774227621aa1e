import { MetricUnit } from "@aws-lambda-powertools/metrics";
import type { Context } from "aws-lambda";
import { HANDLER_METRICS } from "./flow-metric-names.ts";
import { invocationUsage } from "./invocation-usage.ts";
import { logger, metrics, tracer } from "./observability.ts";

/** A Lambda function handler, as the Node.js runtime calls it. */
export type LambdaHandler<Event, Result> = (event: Event, context: Context) => Promise<Result>;

/** The error as Lambda should report it: its name and message, its stack only in the log. */
function withoutTrace(error: Error): Error {
  const bare = new Error(error.message);
  bare.name = error.name;
  bare.stack = `${error.name}: ${error.message}`;
  return bare;
}

/**
 * Tells the shared logger which invocation and handler its next lines are of, and counts the
 * execution environment's cold start (once, whichever invocation comes first): what every
 * invocation of a handler does first, observed or not.
 *
 * @example
 * enterInvocation("api", context);
 */
export function enterInvocation(name: string, context: Context): void {
  logger.addContext(context);
  logger.appendKeys({ handler: name });
  metrics.captureColdStartMetric(context.functionName);
}

/**
 * Wraps a handler's work with Powertools, as their middleware would: the logger takes the
 * Lambda context (request id, cold start), the event is logged at debug level (secrets
 * redacted), a subsegment `## {name}` is traced, a `ColdStart` metric is emitted once, the
 * invocation's usage is published for the templates it served (`InvocationUsage`), and the
 * metrics stored are flushed after every invocation (none stored, nothing is published:
 * Powertools would warn of empty metrics). An error is logged — a warning for Baton's own
 * (`Baton.*`: raised on purpose, as a flow's outcome or a refusal; those the compiled `Catch`
 * matches or retries are `BATON_ERRORS`), an error otherwise — counted as
 * `HandlerErrors` and thrown on with its name (what the compiled `Catch` matches) and message
 * but without its stack: the Lambda runtime would put the stack's file paths in the error's
 * `Cause`, which reaches the execution's state and the instance's node output.
 *
 * @example
 * export const handler = observedHandler("conditions", async (request: ConditionsRequest) => …);
 */
export function observedHandler<Event, Result>(
  name: string,
  work: (event: Event) => Promise<Result>,
): LambdaHandler<Event, Result> {
  return async (event, context) => {
    enterInvocation(name, context);
    const segment = tracer.getSegment();
    const subsegment = segment?.addNewSubsegment(`## ${name}`);
    if (subsegment) tracer.setSegment(subsegment);
    tracer.annotateColdStart();
    tracer.addServiceNameAnnotation();
    logger.debug("invoked", { event });
    invocationUsage.begin();
    try {
      return await work(event);
    } catch (error) {
      const thrown = error instanceof Error ? error : new Error(String(error));
      tracer.addErrorAsMetadata(thrown);
      if (thrown.name.startsWith("Baton.")) logger.warn(`${name} raised ${thrown.name}`, thrown);
      else logger.error(`${name} failed`, thrown);
      metrics.addMetric(HANDLER_METRICS.handlerErrors, MetricUnit.Count, 1);
      throw withoutTrace(thrown);
    } finally {
      invocationUsage.publish(context.memoryLimitInMB);
      subsegment?.close();
      if (segment) tracer.setSegment(segment);
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
  };
}
