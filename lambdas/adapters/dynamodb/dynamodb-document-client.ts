import { DynamoDBClient, type DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/** Where and as whom {@link dynamoDbDocumentClient} connects. */
export interface DynamoDbClientOptions {
  /**
   * The endpoint, for DynamoDB Local, dynalite or LocalStack.
   *
   * @default process.env.AWS_ENDPOINT_URL, else the region's DynamoDB endpoint
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
 * A DynamoDB document client for Baton's stores: honours an `endpoint` option or
 * `AWS_ENDPOINT_URL` (LocalStack), and drops undefined attributes when writing.
 *
 * @example
 * const client = dynamoDbDocumentClient({ endpoint: "http://127.0.0.1:8000", region: "us-east-1" });
 * const stores = dynamoDbFlowStores({ client, tableName: "baton" });
 */
export function dynamoDbDocumentClient(
  options: DynamoDbClientOptions = {},
): DynamoDBDocumentClient {
  const endpoint = options.endpoint ?? process.env.AWS_ENDPOINT_URL;
  const client = new DynamoDBClient({
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
  });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}
