import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { Tracer } from "@aws-lambda-powertools/tracer";
import { redactLogValue } from "./redact-log-value.ts";

const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? "baton";

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
 * `Baton`).
 *
 * @example
 * metrics.addMetric("ApprovalsOpened", MetricUnit.Count, 1);
 */
export const metrics = new Metrics({
  serviceName,
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? "Baton",
});

/**
 * The handlers' X-Ray tracer; active only inside Lambda with tracing on
 * (`POWERTOOLS_TRACE_ENABLED`, default on there), a no-op elsewhere.
 *
 * @example
 * const sfn = tracer.captureAWSv3Client(new SFNClient({}));
 */
export const tracer = new Tracer({ serviceName });
