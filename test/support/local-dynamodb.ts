import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createFlowTable } from "../../lambdas/adapters/dynamodb/create-flow-table.ts";
import { dynamoDbDocumentClient } from "../../lambdas/adapters/dynamodb/dynamodb-document-client.ts";
import { dynamoDbFlowStores } from "../../lambdas/adapters/dynamodb/dynamodb-flow-stores.ts";
import type { Clock } from "../../lambdas/core/ports/clock.ts";
import type { FlowStores } from "../../lambdas/core/ports/flow-stores.ts";

/** A DynamoDB emulator running on this machine, until stopped. */
export interface LocalDynamoDb {
  endpoint: string;
  stop(): Promise<void>;
}

/** DynamoDB stores under test, the table behind them and the clock they claim keys by. */
export interface TableUnderTest {
  stores: FlowStores;
  client: DynamoDBDocumentClient;
  tableName: string;
  clock: Clock;
  /** The name of every command the stores sent, in order. */
  commands: string[];
}

let tables = 0;

/**
 * The region and credentials the test clients of an emulator sign with (DynamoDB Local keeps
 * the tables of each key and region apart unless it runs with `-sharedDb`).
 *
 * @example
 * new DynamoDBStreamsClient({ endpoint, ...LOCAL_DYNAMODB_SIGNING });
 */
export const LOCAL_DYNAMODB_SIGNING = {
  region: "us-east-1",
  credentials: { accessKeyId: "local", secretAccessKey: "local" },
} as const;

/**
 * A document client for an emulator on this machine: a fixed region and credentials that
 * emulators accept.
 *
 * @example
 * const client = localDynamoDbClient(emulator.endpoint);
 */
export function localDynamoDbClient(endpoint: string): DynamoDBDocumentClient {
  return dynamoDbDocumentClient({ endpoint, ...LOCAL_DYNAMODB_SIGNING });
}

/**
 * DynamoDB stores on a new, empty flow table of an emulator, with a fixed clock; records the
 * commands sent once the table exists.
 *
 * @example
 * const { stores, client, tableName } = await freshTableStores(emulator.endpoint);
 */
export async function freshTableStores(endpoint: string): Promise<TableUnderTest> {
  const client = localDynamoDbClient(endpoint);
  tables += 1;
  const tableName = `flow-${process.pid}-${tables}`;
  await createFlowTable(client, tableName);
  const commands: string[] = [];
  client.middlewareStack.add(
    (next, context) => (args) => {
      commands.push(context.commandName ?? "");
      return next(args);
    },
    { step: "initialize", name: "recordCommandNames" },
  );
  const clock = { now: () => new Date("2026-12-02T10:00:00.000Z") };
  return {
    stores: dynamoDbFlowStores({ client, tableName, clock }),
    client,
    tableName,
    clock,
    commands,
  };
}
