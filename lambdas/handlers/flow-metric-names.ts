/**
 * The CloudWatch namespace the handlers write to when `POWERTOOLS_METRICS_NAMESPACE` is unset,
 * and the dashboard's default.
 */
export const DEFAULT_METRICS_NAMESPACE = "Baton";

/**
 * The `service` dimension the handlers' metrics carry when `POWERTOOLS_SERVICE_NAME` is unset
 * (Powertools adds it to every metric), and the dashboard's default.
 */
export const DEFAULT_METRICS_SERVICE = "baton";

/**
 * The dimensions of Baton's metrics: `service` (Powertools' default dimension, on every
 * metric), `template` (the template id, on every per-template figure), `status` (how an
 * instance ended: `completed`, `rejected`, `failed`, `timedOut`, `no-route`, `cancelled`) and
 * `plugin` (the plugin a task node calls).
 */
export const FLOW_METRIC_DIMENSIONS = {
  service: "service",
  template: "template",
  status: "status",
  plugin: "plugin",
} as const;

/**
 * The figures of flows the handlers publish as EMF, each with the dimensions `service` and
 * `template` (`InstancesEnded` also `status`, `PluginCalls` and `PluginFailures` also `plugin`).
 * The embedded engine's `/metrics` serves the same
 * figures as Prometheus text (`lambdas/embedded/flow-metrics.ts`). The one place these names are
 * written: the handlers and the dashboard (`cdk/flow-dashboard.ts`) both read them from here.
 */
export const FLOW_METRICS = {
  /** Instances started (`flow.started`), a count. */
  instancesStarted: "InstancesStarted",
  /** Instances ended (`flow.ended`), a count, by `status`. */
  instancesEnded: "InstancesEnded",
  /** Approvals requested (`approval.requested`), a count. */
  approvalsOpened: "ApprovalsOpened",
  /**
   * Approvals closed however they closed (decided, timed out, withdrawn with their branch or
   * instance), a count; `ApprovalsOpened − ApprovalsClosed` is the change of the pending count.
   */
  approvalsClosed: "ApprovalsClosed",
  /** Milliseconds from an approval's request to the decision that settled it. */
  approvalWaitTime: "ApprovalWaitTime",
  /** Plugin calls (`task.requested`, each attempt), a count. */
  pluginCalls: "PluginCalls",
  /** Task nodes whose plugin failed (reported failure, or gave up after its retries), a count. */
  pluginFailures: "PluginFailures",
  /** State transitions of an ended instance's execution (the states its history entered). */
  stateTransitions: "StateTransitions",
  /** GB-seconds the handlers' invocations for the template's instances ran (memory × duration). */
  lambdaGbSeconds: "LambdaGbSeconds",
  /** The handlers' invocations for the template's instances, a count. */
  lambdaRequests: "LambdaRequests",
  /** DynamoDB writes the handlers' invocations for the template's instances made, a count. */
  dynamoDbWrites: "DynamoDbWrites",
} as const;

/**
 * The handlers' own figures, without the `template` dimension: what one function did, for its
 * logs' readers and the alarms.
 */
export const HANDLER_METRICS = {
  /** Invocations that ended with an error (Baton's own errors included), a count. */
  handlerErrors: "HandlerErrors",
  /** Approvals the timeout path closed (the approvals function). */
  approvalsTimedOut: "ApprovalsTimedOut",
  /** Queries the conditions function evaluated. */
  conditionsEvaluated: "ConditionsEvaluated",
  /** Nodes the table's change stream withdrew (the execution-facts function). */
  nodesWithdrawn: "NodesWithdrawn",
  /** History entries the table's change stream announced (the execution-facts function). */
  changesAnnounced: "ChangesAnnounced",
  /**
   * Records of the table's change stream the execution-facts function could not follow, each
   * handed again by the stream (its lag, `IteratorAge`, is alarmed on).
   */
  streamRecordsFailed: "StreamRecordsFailed",
  /** Status-change events of executions still running, passed by (the reconciler). */
  executionEventsSkipped: "ExecutionEventsSkipped",
  /** Steps of the scheduler loop (the step function). */
  loopSteps: "LoopSteps",
  /** Instances a sweep visited, reconciled, closed and could not settle (the sweeper). */
  sweepVisited: "SweepVisited",
  sweepReconciled: "SweepReconciled",
  sweepClosed: "SweepClosed",
  sweepFailed: "SweepFailed",
} as const;

/**
 * The reconciler's count of ended executions of one Step Functions status, e.g.
 * `ExecutionsFAILED`.
 *
 * @example
 * executionsEndedMetric("TIMED_OUT"); // "ExecutionsTIMED_OUT"
 */
export function executionsEndedMetric(status: string): string {
  return `Executions${status}`;
}
