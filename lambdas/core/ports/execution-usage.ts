/**
 * What one ended execution used that Step Functions bills or that writes to DynamoDB: its state
 * transitions and the DynamoDB writes of the machine's own states (`Record end`,
 * `Withdraw after …`), counted from its history. The handlers' own writes are not in it.
 */
export interface ExecutionUsage {
  /** States entered, as `baton cost` counts transitions. */
  stateTransitions: number;
  /** `dynamodb:putItem`, `updateItem` and `deleteItem` tasks the machine scheduled. */
  dynamoDbWrites: number;
}

/**
 * Reads what an execution used: Step Functions' execution history on AWS.
 *
 * @example
 * const { stateTransitions } = await usage.read(executionArn);
 */
export interface ExecutionUsageReader {
  read(executionId: string): Promise<ExecutionUsage>;
}
