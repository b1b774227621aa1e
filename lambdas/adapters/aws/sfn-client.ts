import { SFNClient } from "@aws-sdk/client-sfn";
import { type AwsClientOptions, clientConfig } from "./aws-client-options.ts";

/**
 * The Step Functions client of `SfnExecutions`, `SfnTaskResults` and `SfnExecutionUsage`. An
 * explicit `endpoint` wins; without one the SDK reads `AWS_ENDPOINT_URL_SFN`, then
 * `AWS_ENDPOINT_URL` (LocalStack). Only the modules that import this one load
 * `@aws-sdk/client-sfn`.
 *
 * @example
 * const client = sfnClient({ region: "us-east-1", endpoint: "http://localhost:4566" });
 *
 * @param options - where it connects. @default the SDK's region and endpoint
 */
export function sfnClient(options: AwsClientOptions = {}): SFNClient {
  return new SFNClient(clientConfig(options));
}
