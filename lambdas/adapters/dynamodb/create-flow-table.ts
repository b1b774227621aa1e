import {
  CreateTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { TABLE_KEYS } from "../../core/contract/table-layout.ts";
import { FLOW_TABLE_DEFINITION } from "./flow-table-definition.ts";

/** How {@link createFlowTable} creates the table beyond {@link FLOW_TABLE_DEFINITION}. */
export interface FlowTableOptions {
  /**
   * Turn on the table's change stream with new and old images, as the CDK `FlowStore` does
   * with `stream: true` (the execution-facts function's source). dynalite has no streams.
   *
   * @default false
   */
  stream?: boolean;
}

/**
 * Creates Baton's table ({@link FLOW_TABLE_DEFINITION}), waits until it is active and turns
 * on TTL. For tests; on AWS the CDK stack creates it (the embedded engine keeps its records
 * in SQLite). An emulator without TTL (dynalite answers `UnknownOperationException`) keeps
 * expired items instead.
 *
 * @example
 * await createFlowTable(dynamoDbDocumentClient({ endpoint: "http://127.0.0.1:8000" }), "baton");
 * await createFlowTable(client, "baton-streamed", { stream: true });
 */
export async function createFlowTable(
  client: DynamoDBDocumentClient,
  tableName: string,
  options: FlowTableOptions = {},
): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      ...FLOW_TABLE_DEFINITION,
      ...(options.stream === true
        ? { StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" } }
        : {}),
    }),
  );
  await waitUntilTableExists({ client, minDelay: 1, maxWaitTime: 60 }, { TableName: tableName });
  try {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: TABLE_KEYS.expiresAt, Enabled: true },
      }),
    );
  } catch (error) {
    if (!(error instanceof Error && error.name === "UnknownOperationException")) throw error;
  }
}
