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

/** Lambda service errors every Lambda task retries (AWS's recommended set). */
export const LAMBDA_SERVICE_ERRORS = [
  "Lambda.ServiceException",
  "Lambda.AWSLambdaException",
  "Lambda.SdkClientException",
  "Lambda.TooManyRequestsException",
];
