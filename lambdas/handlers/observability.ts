import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, type MetricUnit } from "@aws-lambda-powertools/metrics";
import { Tracer } from "@aws-lambda-powertools/tracer";
import { DEFAULT_METRICS_NAMESPACE, DEFAULT_METRICS_SERVICE } from "./flow-metric-names.ts";
import { redactLogValue } from "./redact-log-value.ts";

const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? DEFAULT_METRICS_SERVICE;

/**
 * The handlers' logger (Powertools, JSON lines): every line goes through
 * {@link redactLogValue}, so no task token, link id or signature is ever written. Level from
 * `POWERTOOLS_LOG_LEVEL` (default `INFO`).
 *
 * @example
 * logger.info("approval opened", { instance, node });
 */
export const logger = new Logger({ serviceName, jsonReplacerFn: redactLogValue });

/**
 * The handlers' metrics, written as CloudWatch embedded metric format (EMF) log lines and
 * flushed after each invocation. Namespace from `POWERTOOLS_METRICS_NAMESPACE` (default
 * `Baton`); every metric carries the dimension `service` (`POWERTOOLS_SERVICE_NAME`, default
 * `baton`). Their names live in `flow-metric-names.ts`.
 *
 * @example
 * metrics.addMetric(HANDLER_METRICS.loopSteps, MetricUnit.Count, 1);
 */
export const metrics = new Metrics({
  serviceName,
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? DEFAULT_METRICS_NAMESPACE,
});

/** A unit Powertools takes: one of `MetricUnit`'s values. */
export type MetricUnitValue = (typeof MetricUnit)[keyof typeof MetricUnit];

/**
 * The handlers' X-Ray tracer; active only inside Lambda with tracing on
 * (`POWERTOOLS_TRACE_ENABLED`, default on there), a no-op elsewhere.
 *
 * @example
 * const sfn = tracer.captureAWSv3Client(new SFNClient({}));
 */
export const tracer = new Tracer({ serviceName });
