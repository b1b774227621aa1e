import type { Duration } from "aws-cdk-lib";
import { type Metric, Stats } from "aws-cdk-lib/aws-cloudwatch";
import type { IFunction } from "aws-cdk-lib/aws-lambda";

/**
 * How far behind the table's change stream is: the age of the oldest record handed to the
 * function it invokes (execution-facts' `IteratorAge`, maximum over `period`). Flow events, CC
 * copies and withdrawals wait that long; `FlowAlarms` alarms on it and `FlowDashboard` graphs it.
 *
 * @example
 * new Alarm(this, "Behind", { metric: tableStreamLag(executionFacts, Duration.minutes(5)), threshold: 60_000, evaluationPeriods: 1 });
 */
export function tableStreamLag(fn: IFunction, period: Duration): Metric {
  return fn.metric("IteratorAge", { statistic: Stats.MAXIMUM, period });
}
