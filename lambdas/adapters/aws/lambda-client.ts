import { LambdaClient } from "@aws-sdk/client-lambda";
import { type AwsClientOptions, clientConfig } from "./aws-client-options.ts";

/**
 * The Lambda client of `LambdaPlugins` and `LambdaVerdictDelivery`. An explicit `endpoint` wins;
 * without one the SDK reads `AWS_ENDPOINT_URL_LAMBDA`, then `AWS_ENDPOINT_URL` (LocalStack).
 * Only the modules that import this one load `@aws-sdk/client-lambda`.
 *
 * @example
 * const client = lambdaClient({ region: "us-east-1", endpoint: "http://localhost:4566" });
 *
 * @param options - where it connects. @default the SDK's region and endpoint
 */
export function lambdaClient(options: AwsClientOptions = {}): LambdaClient {
  return new LambdaClient(clientConfig(options));
}
