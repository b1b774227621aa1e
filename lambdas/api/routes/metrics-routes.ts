import type { Hono } from "hono";
import { OperationRefusedError } from "../../core/contract/operation-refused-error.ts";
import type { ApiEnv } from "../api-env.ts";

/**
 * Where `GET /metrics` reads its figures: the embedded engine's `FlowMetrics`, or anything
 * that writes the Prometheus text exposition format.
 *
 * @example
 * const source: MetricsSource = { contentType: "text/plain; version=0.0.4", metrics: async () => "" };
 */
export interface MetricsSource {
  /** The answer's content type. */
  readonly contentType: string;
  /** The figures as Prometheus text. */
  metrics(): Promise<string>;
}

/**
 * `GET /metrics`: the installation's figures in the Prometheus text format, without sign-in
 * (figures only: template ids, statuses and plugin names). Served where a source is given —
 * `baton dev` — and answered `404` elsewhere: on AWS the handlers' EMF metrics in CloudWatch
 * are the figures, and counting them in a Lambda would only see that one environment's share.
 *
 * @example
 * metricsRoutes(app, flowMetrics);
 */
export function metricsRoutes(app: Hono<ApiEnv>, source: MetricsSource | undefined): void {
  app.get("/metrics", async (c) => {
    if (!source) {
      throw new OperationRefusedError(
        "not-found",
        "this installation serves no metrics here: on AWS they are in CloudWatch (namespace Baton)",
      );
    }
    return c.body(await source.metrics(), 200, { "Content-Type": source.contentType });
  });
}
