import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { SchedulerClient } from "@aws-sdk/client-scheduler";
import { SFNClient } from "@aws-sdk/client-sfn";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { dynamoDbDocumentClient } from "../dynamodb/dynamodb-document-client.ts";

/** Where {@link awsClients} connect. */
export interface AwsClientOptions {
  /**
   * The region.
   *
   * @default the SDK's (AWS_REGION, the profile)
   */
  region?: string;
  /**
   * One endpoint for every service, e.g. LocalStack's `http://localhost:4566`.
   *
   * @default the SDK's: `AWS_ENDPOINT_URL_<SERVICE>` (`AWS_ENDPOINT_URL_SFN`,
   * `AWS_ENDPOINT_URL_EVENTBRIDGE`, `AWS_ENDPOINT_URL_LAMBDA`, `AWS_ENDPOINT_URL_SCHEDULER`),
   * else `AWS_ENDPOINT_URL`, else the region's endpoint of each service
   */
  endpoint?: string;
}

/** The AWS SDK v3 clients Baton's adapters take. */
export interface AwsClients {
  sfn: SFNClient;
  eventBridge: EventBridgeClient;
  lambda: LambdaClient;
  scheduler: SchedulerClient;
  /** The document client of the DynamoDB stores (`dynamoDbDocumentClient`). */
  dynamoDb: DynamoDBDocumentClient;
}

/**
 * One client per service Baton calls, all in one region. An explicit `endpoint` wins;
 * without one the SDK itself reads `AWS_ENDPOINT_URL_<SERVICE>` then `AWS_ENDPOINT_URL`, so
 * `export AWS_ENDPOINT_URL=http://localhost:4566` points every client at LocalStack and
 * `AWS_ENDPOINT_URL_SFN` can send Step Functions elsewhere (e.g. Step Functions Local).
 * Credentials come from the SDK's default chain.
 *
 * @example
 * const { sfn, eventBridge } = awsClients({ region: "us-east-1", endpoint: "http://localhost:4566" });
 * const tasks = new SfnTaskResults(sfn);
 */
export function awsClients(options: AwsClientOptions = {}): AwsClients {
  const config = {
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
  };
  return {
    sfn: new SFNClient(config),
    eventBridge: new EventBridgeClient(config),
    lambda: new LambdaClient(config),
    scheduler: new SchedulerClient(config),
    dynamoDb: dynamoDbDocumentClient(config),
  };
}
