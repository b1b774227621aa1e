/**
 * Where an AWS SDK client of Baton's connects (`sfnClient`, `eventBridgeClient`, `lambdaClient`,
 * `schedulerClient`, `secretsManagerSource`, `dynamoDbStreamsClient`).
 *
 * @example
 * const options: AwsClientOptions = { region: "us-east-1", endpoint: "http://localhost:4566" };
 */
export interface AwsClientOptions {
  /**
   * The region.
   *
   * @default the SDK's (AWS_REGION, the profile)
   */
  region?: string;
  /**
   * The endpoint, e.g. LocalStack's `http://localhost:4566`.
   *
   * @default the SDK's: `AWS_ENDPOINT_URL_<SERVICE>` (`AWS_ENDPOINT_URL_SFN`,
   * `AWS_ENDPOINT_URL_EVENTBRIDGE`, `AWS_ENDPOINT_URL_LAMBDA`, `AWS_ENDPOINT_URL_SCHEDULER`,
   * `AWS_ENDPOINT_URL_SECRETS_MANAGER`, `AWS_ENDPOINT_URL_DYNAMODB_STREAMS`), else
   * `AWS_ENDPOINT_URL`, else the region's endpoint of the service
   */
  endpoint?: string;
}

/**
 * The SDK client configuration of `options`: only the settings given, so that the SDK resolves
 * the others itself (the region from `AWS_REGION`, the endpoint from `AWS_ENDPOINT_URL_<SERVICE>`
 * then `AWS_ENDPOINT_URL`); credentials come from the SDK's default chain.
 *
 * @example
 * new SFNClient(clientConfig({ region: "eu-west-1" }));
 */
export function clientConfig(options: AwsClientOptions): { region?: string; endpoint?: string } {
  return {
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
  };
}
