import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { type AwsClientOptions, clientConfig } from "./aws-client-options.ts";

/**
 * The EventBridge client of `EventBridgeBus`. An explicit `endpoint` wins; without one the SDK
 * reads `AWS_ENDPOINT_URL_EVENTBRIDGE`, then `AWS_ENDPOINT_URL` (LocalStack). Only the modules
 * that import this one load `@aws-sdk/client-eventbridge`.
 *
 * @example
 * const client = eventBridgeClient({ region: "us-east-1", endpoint: "http://localhost:4566" });
 *
 * @param options - where it connects. @default the SDK's region and endpoint
 */
export function eventBridgeClient(options: AwsClientOptions = {}): EventBridgeClient {
  return new EventBridgeClient(clientConfig(options));
}
