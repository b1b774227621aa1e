import { DeleteCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createFlowTable } from "../../../lambdas/adapters/dynamodb/create-flow-table.ts";
import { PARTITION_KEYS } from "../../../lambdas/core/contract/table-layout.ts";
import { TABLE_STREAM_FILTERS } from "../../../lambdas/core/contract/table-stream-filters.ts";
import { startDynamoDbLocal } from "../dynamodb-local-server.ts";
import { type LocalDynamoDb, localDynamoDbClient } from "../local-dynamodb.ts";
import type { InvocationOutcome } from "./bundled-function.ts";
import { TableStreamMapping } from "./table-stream-mapping.ts";
import { TableStreamMissingError } from "./table-stream-missing-error.ts";

// The loopback event source mapping on DynamoDB Local's real stream, invoking a function of
// the test's own (what a stream mapping invokes), with the deployment's filters.

const PK = PARTITION_KEYS.instance("default", "01JSTREAM");

let emulator: LocalDynamoDb;
let tables = 0;
const mappings: TableStreamMapping[] = [];

beforeAll(async () => {
  emulator = await startDynamoDbLocal();
}, 120_000);
afterEach(async () => {
  await Promise.all(mappings.splice(0).map((mapping) => mapping.stop()));
});
afterAll(() => emulator.stop());

/** A new flow table with its stream on, and a client of it. */
async function streamedTable(stream = true) {
  const client = localDynamoDbClient(emulator.endpoint);
  tables += 1;
  const tableName = `streamed-${tables}`;
  await createFlowTable(client, tableName, { stream });
  return { client, tableName };
}

/** Writes the items of an instance: history entries, its execution item, an approval. */
async function writeInstance(client: ReturnType<typeof localDynamoDbClient>, tableName: string) {
  const put = (sk: string, fields: Record<string, unknown> = {}) =>
    client.send(new PutCommand({ TableName: tableName, Item: { pk: PK, sk, ...fields } }));
  await put("H#0001", { type: "flow.started" });
  await put("A#lead#1", { status: "pending" });
  await put("E", { status: "RUNNING" });
  await put("H#0002", { type: "node.entered" });
  await client.send(
    new UpdateCommand({
      TableName: tableName,
      Key: { pk: PK, sk: "H#0001" },
      UpdateExpression: "SET seen = :yes",
      ExpressionAttributeValues: { ":yes": true },
    }),
  );
  await client.send(
    new UpdateCommand({
      TableName: tableName,
      Key: { pk: PK, sk: "E" },
      UpdateExpression: "ADD withdrawn :nodes",
      ExpressionAttributeValues: { ":nodes": new Set(["sre"]) },
    }),
  );
  await put("H#0003", { type: "node.withdrawn" });
  await client.send(new DeleteCommand({ TableName: tableName, Key: { pk: PK, sk: "A#lead#1" } }));
}

/** A record as the test compares it: what happened to which item. */
const change = (record: DynamoDBRecord) =>
  `${record.eventName} ${record.dynamodb?.Keys?.sk?.S ?? "?"}`;

/** Every change the table's filters let through, in the order `writeInstance` makes them. */
const FILTERED = ["INSERT H#0001", "INSERT E", "INSERT H#0002", "MODIFY E", "INSERT H#0003"];

/** Starts a mapping of the deployment's filters on a table, invoking `fn`. */
async function mapping(
  tableName: string,
  fn: (event: DynamoDBStreamEvent) => InvocationOutcome | Promise<InvocationOutcome>,
  options: { batchSize?: number; retryAttempts?: number } = {},
) {
  const started = await TableStreamMapping.start({
    endpoint: emulator.endpoint,
    tableName,
    filters: Object.values(TABLE_STREAM_FILTERS),
    invoke: async (event) => fn(event),
    pollMs: 10,
    ...options,
  });
  mappings.push(started);
  return started;
}

describe("TableStreamMapping on DynamoDB Local", () => {
  it("hands the function the records the filters keep, in the order they were written, as Lambda shapes them", async () => {
    const { client, tableName } = await streamedTable();
    const received: DynamoDBRecord[] = [];
    const stream = await mapping(tableName, (event) => {
      received.push(...event.Records);
      return { result: null };
    });
    await writeInstance(client, tableName);

    expect(await stream.settled()).toEqual([]);

    expect(received.map(change)).toEqual(FILTERED);
    const withdrawn = received[3];
    expect(withdrawn).toMatchObject({
      eventSource: "aws:dynamodb",
      eventSourceARN: expect.stringContaining(`table/${tableName}/stream/`),
      dynamodb: {
        Keys: { pk: { S: PK }, sk: { S: "E" } },
        OldImage: { status: { S: "RUNNING" } },
        NewImage: { status: { S: "RUNNING" }, withdrawn: { SS: ["sre"] } },
        StreamViewType: "NEW_AND_OLD_IMAGES",
        ApproximateCreationDateTime: expect.any(Number),
      },
    });
    const sequence = received.map((record) => BigInt(record.dynamodb?.SequenceNumber ?? ""));
    expect(sequence).toEqual([...sequence].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(stream.deadLetters).toEqual([]);
  });

  it("reads what was written before it started, from the stream's oldest record, in batches of batchSize", async () => {
    const { client, tableName } = await streamedTable();
    await writeInstance(client, tableName);
    const stream = await mapping(tableName, () => ({ result: null }), { batchSize: 2 });

    await stream.settled();

    expect(stream.batches.map((batch) => batch.map(change))).toEqual([
      FILTERED.slice(0, 2),
      FILTERED.slice(2, 4),
      FILTERED.slice(4),
    ]);
  });

  it("tries a batch again from the first record the function reports failed, the records before it done", async () => {
    const { client, tableName } = await streamedTable();
    await writeInstance(client, tableName);
    let failedOnce = false;
    const stream = await mapping(tableName, (event) => {
      const third = event.Records.find((record) => change(record) === FILTERED[2]);
      if (failedOnce || !third) return { result: null };
      failedOnce = true;
      // The fourth record reported too: the batch goes on from the earliest one.
      const fourth = event.Records.find((record) => change(record) === FILTERED[3]);
      return {
        result: {
          batchItemFailures: [fourth, third].map((record) => ({
            itemIdentifier: record?.dynamodb?.SequenceNumber ?? "",
          })),
        },
      };
    });

    expect(await stream.settled()).toEqual([]);

    expect(stream.batches.map((batch) => batch.map(change))).toEqual([FILTERED, FILTERED.slice(2)]);
    expect(stream.deadLetters).toEqual([]);
  });

  it("tries a batch whose invocation failed again whole, and answers the error once settled", async () => {
    const { client, tableName } = await streamedTable();
    await writeInstance(client, tableName);
    const error = { errorType: "Error", errorMessage: "the bus is down", trace: [] };
    let calls = 0;
    const stream = await mapping(tableName, () => {
      calls += 1;
      return calls === 1 ? { error } : { result: null };
    });

    expect(await stream.settled()).toEqual([error]);

    expect(stream.batches.map((batch) => batch.map(change))).toEqual([FILTERED, FILTERED]);
    expect(await stream.settled()).toEqual([]);
  });

  it("gives up on a record the function keeps failing after retryAttempts more tries, as a dead letter, and goes on after it", async () => {
    const { client, tableName } = await streamedTable();
    await writeInstance(client, tableName);
    const stream = await mapping(
      tableName,
      (event) => ({
        result: {
          batchItemFailures: event.Records.filter((record) => change(record) === FILTERED[1]).map(
            (record) => ({ itemIdentifier: record.dynamodb?.SequenceNumber ?? "" }),
          ),
        },
      }),
      { retryAttempts: 2 },
    );

    await stream.settled();

    expect(stream.batches.map((batch) => batch.map(change))).toEqual([
      FILTERED,
      FILTERED.slice(1),
      FILTERED.slice(1),
      FILTERED.slice(2),
    ]);
    expect(stream.deadLetters.map(({ record, cause }) => [change(record), cause])).toEqual([
      [FILTERED[1], "batchItemFailure"],
    ]);
  });

  it("refuses a table without a stream", async () => {
    const { tableName } = await streamedTable(false);

    await expect(mapping(tableName, () => ({ result: null }))).rejects.toThrow(
      TableStreamMissingError,
    );
  });
});
