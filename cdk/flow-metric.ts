import { Metric, type MetricOptions, Stats } from "aws-cdk-lib/aws-cloudwatch";
import { FLOW_METRIC_DIMENSIONS } from "../lambdas/handlers/flow-metric-names.ts";

/** Where the handlers publish their flow figures: their Powertools namespace and service. */
export interface FlowMetricSource {
  /** The handlers' `POWERTOOLS_METRICS_NAMESPACE`, e.g. `Baton`. */
  readonly namespace: string;
  /** The handlers' `POWERTOOLS_SERVICE_NAME`, the `service` dimension, e.g. `baton-prod`. */
  readonly service: string;
}

/**
 * One of the handlers' EMF flow metrics (`FLOW_METRICS`) of one template — and, for
 * `InstancesEnded`, one end status — as CloudWatch holds it: the dimensions `service`,
 * `template` (and `status`) the handlers write. What the dashboard draws and `FlowEngine`'s
 * `metric…` methods hand out, so both name the same series.
 *
 * @param options - the statistic, period, label… @default the sum over 5 minutes
 * @example
 * flowMetric({ namespace: "Baton", service: "baton-prod" }, "InstancesEnded", "expense", "failed");
 */
export function flowMetric(
  source: FlowMetricSource,
  name: string,
  template: string,
  status?: string,
  options: MetricOptions = {},
): Metric {
  return new Metric({
    statistic: Stats.SUM,
    ...options,
    // Last: the series is the handlers', whatever dimensions the options name.
    namespace: source.namespace,
    metricName: name,
    dimensionsMap: {
      [FLOW_METRIC_DIMENSIONS.service]: source.service,
      [FLOW_METRIC_DIMENSIONS.template]: template,
      ...(status === undefined ? {} : { [FLOW_METRIC_DIMENSIONS.status]: status }),
    },
  });
}
