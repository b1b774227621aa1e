import { Duration } from "aws-cdk-lib";
import {
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  type Metric,
  Stats,
  TextWidget,
} from "aws-cdk-lib/aws-cloudwatch";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import type { IStateMachine } from "aws-cdk-lib/aws-stepfunctions";
import { Construct } from "constructs";
import { INSTANCE_STATUSES } from "../lambdas/core/engine/instance-state.ts";
import {
  DEFAULT_METRICS_NAMESPACE,
  DEFAULT_METRICS_SERVICE,
  FLOW_METRIC_DIMENSIONS,
  FLOW_METRICS,
} from "../lambdas/handlers/flow-metric-names.ts";
import { AWS_PRICES, type AwsPrices } from "../lambdas/local/aws-prices.ts";
import { flowMetric } from "./flow-metric.ts";
import { tableStreamLag } from "./table-stream-lag.ts";

/** How an instance can end: every status but `running`. */
const END_STATUSES = INSTANCE_STATUSES.filter((status) => status !== "running");

/** A price as metric math reads it: a plain decimal, never in exponent notation. */
function decimal(price: number): string {
  return price.toFixed(15).replace(/\.?0+$/, "");
}

/** The most templates one cost graph holds (9 metrics each, well under a graph's 500). */
const TEMPLATES_PER_COST_GRAPH = 10;

/** The dashboard's titles, one per widget the issue asks for, for its readers and its tests. */
export const DASHBOARD_TITLES = {
  started: "Instances started per template",
  completed: "Instances completed per template",
  rejected: "Instances rejected per template",
  failed: "Instances failed, timed out or without a route per template",
  approvalWait: "Approval waiting time p50 / p90 per template (ms)",
  pendingApprovals: "Pending approvals per template (opened − closed since the window's start)",
  pluginFailures: "Plugin failures per template and plugin",
  deadLetters: "Dead letters waiting",
  streamLag: "Table stream lag: how old the oldest record handed to execution-facts is (ms)",
  lambdaErrors: "Lambda errors",
  lambdaThrottles: "Lambda throttles",
  lambdaDuration: "Lambda duration p90 (ms)",
  stateMachineFailures: "State machine executions failed and timed out",
  dynamoDbThrottles: "DynamoDB throttled events",
  costPerInstance: "Cost per instance per template (USD)",
} as const;

/** Properties of a {@link FlowDashboard}. */
export interface FlowDashboardProps {
  /** The environment, e.g. `prod`: the dashboard is `baton-<environment>`. */
  readonly environmentName: string;
  /**
   * The ids of the deployed templates, for the per-template cost graph (the other per-template
   * graphs find every template by a search of the namespace).
   *
   * @example ["cache-change", "devops-release"]
   */
  readonly templateIds: readonly string[];
  /** The handler functions: their errors, throttles and duration. */
  readonly functions: readonly IFunction[];
  /**
   * The function the table's change stream invokes (execution-facts, which announces the
   * history): how far behind its stream is (`IteratorAge`, maximum) — flow events, CC copies
   * and withdrawals wait that long.
   */
  readonly tableStream: IFunction;
  /** The state machines: their failed and timed-out executions. */
  readonly stateMachines: readonly IStateMachine[];
  /** The table: its throttled reads and writes. */
  readonly table: ITable;
  /** The dead-letter queues: the messages waiting in them. */
  readonly deadLetterQueues: readonly IQueue[];
  /**
   * The namespace the handlers write to (their `POWERTOOLS_METRICS_NAMESPACE`).
   *
   * @default "Baton"
   */
  readonly namespace?: string;
  /**
   * The `service` dimension of the handlers' metrics (their `POWERTOOLS_SERVICE_NAME`): give
   * each environment its own (e.g. `baton-prod`) when several share an account and region.
   *
   * @default "baton"
   */
  readonly service?: string;
  /**
   * The period each point of the graphs covers.
   *
   * @default Duration.minutes(5)
   */
  readonly period?: Duration;
  /**
   * The prices the cost per instance is computed at.
   *
   * @default AWS_PRICES (us-east-1 list prices, lambdas/local/aws-prices.ts)
   */
  readonly prices?: AwsPrices;
}

/**
 * The CloudWatch dashboard of one environment, `baton-<environment>`: instances started,
 * completed, rejected and failed per template; approval waiting time p50 and p90; pending
 * approvals; plugin failures and dead letters; how far the table's stream (the outbox) is
 * behind; the functions' errors, throttles and duration;
 * the state machines' failed and timed-out executions; the table's throttled events; and the
 * cost per instance per template — from the EMF metrics the handlers publish
 * (`lambdas/handlers/flow-metric-names.ts`) and the constructs' own `metric…` methods. A graph
 * with nothing to show (no queue given, no template id) is left out.
 *
 * @example
 * new FlowDashboard(this, "Dashboard", {
 *   environmentName: "prod",
 *   templateIds: ["cache-change"],
 *   functions: [api, approvals, reconciler],
 *   tableStream: executionFacts,
 *   stateMachines: machines,
 *   table,
 *   deadLetterQueues: [reconcilerDlq],
 * });
 */
export class FlowDashboard extends Construct {
  /** The dashboard. */
  readonly dashboard: Dashboard;
  private readonly namespace: string;
  private readonly service: string;
  private readonly period: Duration;

  constructor(scope: Construct, id: string, props: FlowDashboardProps) {
    super(scope, id);
    this.namespace = props.namespace ?? DEFAULT_METRICS_NAMESPACE;
    this.service = props.service ?? DEFAULT_METRICS_SERVICE;
    this.period = props.period ?? Duration.minutes(5);
    const prices = props.prices ?? AWS_PRICES;
    const period = this.period;
    const sum = { statistic: Stats.SUM, period };
    // A graph of nothing (no queue given, say) is left out rather than drawn empty.
    const graph = (title: string, left: IMetric[]): GraphWidget[] =>
      left.length === 0 ? [] : [new GraphWidget({ title, left, width: 12, height: 6 })];
    this.dashboard = new Dashboard(this, "Dashboard", {
      dashboardName: `baton-${props.environmentName}`,
    });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# Baton ${props.environmentName}\nFlow figures from the handlers' EMF metrics (namespace \`${this.namespace}\`, service \`${this.service}\`); cost at ${prices.region} list prices of ${prices.takenOn}.`,
        width: 24,
        height: 2,
      }),
      ...graph(DASHBOARD_TITLES.started, [this.perTemplate(FLOW_METRICS.instancesStarted, "Sum")]),
      ...graph(DASHBOARD_TITLES.completed, [this.endedPerTemplate("completed")]),
      ...graph(DASHBOARD_TITLES.rejected, [this.endedPerTemplate("rejected")]),
      ...graph(DASHBOARD_TITLES.failed, [
        this.endedPerTemplate("failed"),
        this.endedPerTemplate("timedOut"),
        this.endedPerTemplate("no-route"),
      ]),
      ...graph(DASHBOARD_TITLES.approvalWait, [
        this.perTemplate(FLOW_METRICS.approvalWaitTime, "p50"),
        this.perTemplate(FLOW_METRICS.approvalWaitTime, "p90"),
      ]),
      ...graph(
        DASHBOARD_TITLES.pendingApprovals,
        props.templateIds.map((template, index) => this.pending(template, index)),
      ),
      ...graph(DASHBOARD_TITLES.pluginFailures, [
        this.perTemplate(FLOW_METRICS.pluginFailures, "Sum", FLOW_METRIC_DIMENSIONS.plugin),
      ]),
      ...graph(
        DASHBOARD_TITLES.deadLetters,
        props.deadLetterQueues.map((queue) =>
          queue.metricApproximateNumberOfMessagesVisible({ statistic: Stats.MAXIMUM, period }),
        ),
      ),
      ...graph(DASHBOARD_TITLES.streamLag, [tableStreamLag(props.tableStream, period)]),
      ...graph(
        DASHBOARD_TITLES.lambdaErrors,
        props.functions.map((fn) => fn.metricErrors(sum)),
      ),
      ...graph(
        DASHBOARD_TITLES.lambdaThrottles,
        props.functions.map((fn) => fn.metricThrottles(sum)),
      ),
      ...graph(
        DASHBOARD_TITLES.lambdaDuration,
        props.functions.map((fn) => fn.metricDuration({ statistic: Stats.p(90), period })),
      ),
      ...graph(
        DASHBOARD_TITLES.stateMachineFailures,
        props.stateMachines.flatMap((machine) => [
          machine.metricFailed(sum),
          machine.metricTimedOut(sum),
        ]),
      ),
      ...graph(DASHBOARD_TITLES.dynamoDbThrottles, [
        props.table.metric("ReadThrottleEvents", sum),
        props.table.metric("WriteThrottleEvents", sum),
      ]),
    );
    for (let start = 0; start < props.templateIds.length; start += TEMPLATES_PER_COST_GRAPH) {
      const templates = props.templateIds.slice(start, start + TEMPLATES_PER_COST_GRAPH);
      this.dashboard.addWidgets(
        new GraphWidget({
          title: DASHBOARD_TITLES.costPerInstance,
          left: templates.map((template, index) => this.cost(template, start + index, prices)),
          width: 24,
          height: 6,
        }),
      );
    }
  }

  /** One of the handlers' metrics of one template (and end status). */
  private flowMetric(name: string, template: string, status?: string): Metric {
    const source = { namespace: this.namespace, service: this.service };
    return flowMetric(source, name, template, status, { period: this.period });
  }

  /**
   * A metric of every template, found by a search: one line per template (and value of the
   * extra dimension, when the metric has one).
   */
  private perTemplate(name: string, statistic: string, extra?: string): MathExpression {
    const { service, template } = FLOW_METRIC_DIMENSIONS;
    const schema = [this.namespace, ...(extra === undefined ? [] : [extra]), service, template];
    return this.search(
      `{${schema.join(",")}} MetricName="${name}" ${service}="${this.service}"`,
      statistic,
      `${name} ${statistic}`,
    );
  }

  /** Instances ended with one status, one line per template. */
  private endedPerTemplate(status: string): MathExpression {
    const { service, template } = FLOW_METRIC_DIMENSIONS;
    const dimension = FLOW_METRIC_DIMENSIONS.status;
    return this.search(
      `{${this.namespace},${service},${dimension},${template}} MetricName="${FLOW_METRICS.instancesEnded}" ${service}="${this.service}" ${dimension}="${status}"`,
      "Sum",
      `${FLOW_METRICS.instancesEnded} ${status}`,
    );
  }

  private search(query: string, statistic: string, label: string): MathExpression {
    return new MathExpression({
      expression: `SEARCH('${query}', '${statistic}', ${this.period.toSeconds()})`,
      usingMetrics: {},
      label,
      period: this.period,
    });
  }

  /**
   * The approvals of a template pending since the window's start: the running sum of those
   * opened less those closed (the handlers publish both; the absolute count is the embedded
   * engine's gauge, or a query of the table).
   */
  private pending(template: string, index: number): MathExpression {
    return new MathExpression({
      expression: `RUNNING_SUM(FILL(o${index}, 0) - FILL(c${index}, 0))`,
      usingMetrics: {
        [`o${index}`]: this.flowMetric(FLOW_METRICS.approvalsOpened, template),
        [`c${index}`]: this.flowMetric(FLOW_METRICS.approvalsClosed, template),
      },
      label: template,
      period: this.period,
    });
  }

  /**
   * What one instance of a template cost over each period: its state transitions, the
   * handlers' Lambda requests and GB-seconds and the DynamoDB writes, priced, over the instances
   * that ended in the period.
   */
  private cost(template: string, index: number, prices: AwsPrices): MathExpression {
    const id = (name: string) => `${name}${index}`;
    const ended = Object.fromEntries(
      END_STATUSES.map((status, place) => [
        id(`e${place}t`),
        this.flowMetric(FLOW_METRICS.instancesEnded, template, status),
      ]),
    );
    const instances = Object.keys(ended)
      .map((name) => `FILL(${name}, 0)`)
      .join(" + ");
    const priced = [
      `FILL(${id("t")}, 0) * ${decimal(prices.stateTransition)}`,
      `FILL(${id("g")}, 0) * ${decimal(prices.lambdaGbSecond)}`,
      `FILL(${id("r")}, 0) * ${decimal(prices.lambdaRequest)}`,
      `FILL(${id("w")}, 0) * ${decimal(prices.dynamoDbWrite)}`,
    ].join(" + ");
    return new MathExpression({
      expression: `(${priced}) / (${instances})`,
      usingMetrics: {
        [id("t")]: this.flowMetric(FLOW_METRICS.stateTransitions, template),
        [id("g")]: this.flowMetric(FLOW_METRICS.lambdaGbSeconds, template),
        [id("r")]: this.flowMetric(FLOW_METRICS.lambdaRequests, template),
        [id("w")]: this.flowMetric(FLOW_METRICS.dynamoDbWrites, template),
        ...ended,
      },
      label: template,
      period: this.period,
    });
  }
}
