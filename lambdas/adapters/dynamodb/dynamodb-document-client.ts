import { DynamoDBClient, type DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/** Where and as whom {@link dynamoDbDocumentClient} connects. */
export interface DynamoDbClientOptions {
  /**
   * The endpoint, for DynamoDB Local, dynalite or LocalStack.
   *
   * @default the SDK's: AWS_ENDPOINT_URL_DYNAMODB, else AWS_ENDPOINT_URL, else the region's
   */
  endpoint?: string;
  /**
   * The region.
   *
   * @default the SDK's (AWS_REGION, the profile)
   */
  region?: string;
  /**
   * The credentials; emulators take any.
   *
   * @default the SDK's default credential chain
   */
  credentials?: DynamoDBClientConfig["credentials"];
}

/**
 * A DynamoDB document client for Baton's stores: sends to the `endpoint` option if given,
 * else where the SDK resolves (`AWS_ENDPOINT_URL_DYNAMODB`, then `AWS_ENDPOINT_URL`, for
 * LocalStack), and drops undefined attributes when writing.
 *
 * @example
 * const client = dynamoDbDocumentClient({ endpoint: "http://127.0.0.1:8000", region: "us-east-1" });
 * const stores = dynamoDbFlowStores({ client, tableName: "baton" });
 */
export function dynamoDbDocumentClient(
  options: DynamoDbClientOptions = {},
): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
  });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}
