import { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import { type AwsClientOptions, clientConfig } from "./aws-client-options.ts";

/**
 * The DynamoDB Streams client of `DynamoDbStreamRanges`. An explicit `endpoint` wins; without
 * one the SDK reads `AWS_ENDPOINT_URL_DYNAMODB_STREAMS`, then `AWS_ENDPOINT_URL`. Only the
 * modules that import this one load `@aws-sdk/client-dynamodb-streams`.
 *
 * @example
 * const client = dynamoDbStreamsClient({ region: "eu-west-1" });
 *
 * @param options - where it connects. @default the SDK's region and endpoint
 */
export function dynamoDbStreamsClient(options: AwsClientOptions = {}): DynamoDBStreamsClient {
  return new DynamoDBStreamsClient(clientConfig(options));
}
