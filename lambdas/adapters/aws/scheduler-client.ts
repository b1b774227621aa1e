import { SchedulerClient } from "@aws-sdk/client-scheduler";
import { type AwsClientOptions, clientConfig } from "./aws-client-options.ts";

/**
 * The EventBridge Scheduler client of `EventBridgeScheduler`. An explicit `endpoint` wins;
 * without one the SDK reads `AWS_ENDPOINT_URL_SCHEDULER`, then `AWS_ENDPOINT_URL` (LocalStack).
 * Only the modules that import this one load `@aws-sdk/client-scheduler`.
 *
 * @example
 * const client = schedulerClient({ region: "us-east-1", endpoint: "http://localhost:4566" });
 *
 * @param options - where it connects. @default the SDK's region and endpoint
 */
export function schedulerClient(options: AwsClientOptions = {}): SchedulerClient {
  return new SchedulerClient(clientConfig(options));
}
