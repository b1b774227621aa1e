/**
 * What the compiled state machines call. Function names, the table and the bus are
 * placeholders (`${…}`) that the deployment substitutes (CDK `DefinitionSubstitutions`); the
 * local runtime resolves them to in-process handlers.
 */
export const RESOURCES = {
  lambdaInvoke: "arn:aws:states:::lambda:invoke",
  lambdaInvokeWaitForToken: "arn:aws:states:::lambda:invoke.waitForTaskToken",
  putEvents: "arn:aws:states:::events:putEvents",
  updateItem: "arn:aws:states:::dynamodb:updateItem",
} as const;

/** The placeholders a deployment substitutes in a compiled definition. */
export const PLACEHOLDERS = {
  approvalsFunction: `\${BatonApprovalsFunction}`,
  pluginsFunction: `\${BatonPluginsFunction}`,
  conditionsFunction: `\${BatonConditionsFunction}`,
  stepFunction: `\${BatonStepFunction}`,
  table: `\${BatonTable}`,
  bus: `\${BatonBus}`,
} as const;

/** The errors Baton's handlers raise, which the compiled `Catch` clauses match. */
export const BATON_ERRORS = {
  /** An approval decided `rejected`; the cause is the decision's output as JSON. */
  rejected: "Baton.Rejected",
  /** A plugin reported failure after its retries; the cause is its output as JSON. */
  taskFailed: "Baton.TaskFailed",
  /** A plugin's transient error, retried by the task's `retry` policy. */
  pluginError: "Baton.PluginError",
  /** A branch reached a `join: any` first: the race is won. */
  arrived: "Baton.Arrived",
  /** A branch poisoned a `join: all` (cause: the reason). */
  poisoned: "Baton.Poisoned",
  /** A parked node of the scheduler loop completed (cause: `{ node, outcome, output }`). */
  resumed: "Baton.Resumed",
} as const;

/** Lambda service errors every Lambda task retries (AWS's recommended set). */
export const LAMBDA_SERVICE_ERRORS = [
  "Lambda.ServiceException",
  "Lambda.AWSLambdaException",
  "Lambda.SdkClientException",
  "Lambda.TooManyRequestsException",
];
