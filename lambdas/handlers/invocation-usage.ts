import { MetricUnit } from "@aws-lambda-powertools/metrics";

import { FLOW_METRIC_DIMENSIONS, FLOW_METRICS } from "./flow-metric-names.ts";
import { type MetricUnitValue, metrics } from "./observability.ts";

/**
 * What one invocation of a handler used, for the cost of the instances it served: the
 * templates it served (of the changes it recorded and of the flow events it published), the DynamoDB writes its stores made, and the
 * instances it ended (by id, with their template). Lambda runs one invocation at a time in an
 * execution environment, so one record per module serves; {@link InvocationUsage.begin} clears
 * it at the start of each.
 */
export class InvocationUsage {
  private readonly templates = new Set<string>();
  private readonly ended = new Map<string, string>();
  private writes = 0;
  private startedAt = 0;

  /** Starts counting a new invocation. */
  begin(): void {
    this.templates.clear();
    this.ended.clear();
    this.writes = 0;
    this.startedAt = performance.now();
  }

  /** Notes a template the invocation served: it recorded a change or published a flow event of it. */
  noteTemplate(templateId: string): void {
    this.templates.add(templateId);
  }

  /** Notes that the invocation ended an instance (its `flow.ended` was recorded). */
  noteEnded(instanceId: string, templateId: string): void {
    this.ended.set(instanceId, templateId);
  }

  /** Counts one DynamoDB write of the invocation's stores. */
  noteWrite(): void {
    this.writes += 1;
  }

  /** The template of an instance this invocation ended, or undefined if it ended none such. */
  endedTemplate(instanceId: string): string | undefined {
    return this.ended.get(instanceId);
  }

  /**
   * Publishes the invocation's usage: its GB-seconds (the function's memory × the time since
   * {@link InvocationUsage.begin}), one request and its writes, shared evenly between the
   * templates it served, each as an EMF line with the `template` dimension. An invocation that
   * served none (a read, a page, a condition) publishes nothing: Lambda's own metrics count it.
   */
  publish(memoryLimitInMB: string | number): void {
    const templates = [...this.templates];
    if (templates.length === 0) return;
    const seconds = (performance.now() - this.startedAt) / 1000;
    const share = 1 / templates.length;
    const figures: [string, MetricUnitValue, number][] = [
      [
        FLOW_METRICS.lambdaGbSeconds,
        MetricUnit.NoUnit,
        (Number(memoryLimitInMB) / 1024) * seconds * share,
      ],
      [FLOW_METRICS.lambdaRequests, MetricUnit.Count, share],
      [FLOW_METRICS.dynamoDbWrites, MetricUnit.Count, this.writes * share],
    ];
    for (const template of templates) {
      for (const [name, unit, value] of figures) {
        const single = metrics.singleMetric();
        single.addDimension(FLOW_METRIC_DIMENSIONS.template, template);
        single.addMetric(name, unit, value);
      }
    }
  }
}

/** The usage of the invocation under way in this execution environment. */
export const invocationUsage = new InvocationUsage();
