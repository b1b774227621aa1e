import { randomUUID } from "node:crypto";

/**
 * The context object a Node handler receives as its second argument: the fields of Lambda's
 * Node.js runtime that hold meaning on one machine.
 */
export interface LambdaContext {
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  /** Milliseconds left before the invocation times out. */
  getRemainingTimeInMillis(): number;
}

/**
 * A fresh context for one invocation of the plugin `functionName`, timing out at `deadline`
 * (epoch milliseconds). The account and region are the embedded engine's `local` ones.
 *
 * @example
 * const context = lambdaContext("cache.provision", Date.now() + 30_000);
 * context.getRemainingTimeInMillis(); // ≤ 30000
 */
export function lambdaContext(functionName: string, deadline: number): LambdaContext {
  return {
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: "128",
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "embedded",
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}
