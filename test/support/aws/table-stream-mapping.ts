import { randomUUID } from "node:crypto";
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from "@aws-sdk/client-dynamodb-streams";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { lambdaStreamRecord } from "../../../lambdas/adapters/aws/lambda-stream-record.ts";
import { compilePattern, type EventPattern } from "../../../lambdas/core/events/event-pattern.ts";
import { LOCAL_DYNAMODB_SIGNING, localDynamoDbClient } from "../local-dynamodb.ts";
import type { FunctionErrorEnvelope, InvocationOutcome } from "./bundled-function.ts";
import { LOOPBACK_REGION } from "./loopback-account.ts";
import { TableStreamMissingError } from "./table-stream-missing-error.ts";

/** What a {@link TableStreamMapping} reads, keeps and invokes. */
export interface TableStreamMappingOptions {
  /**
   * DynamoDB Local's endpoint (its streams are served on the same one); the mapping signs as
   * `localDynamoDbClient` does.
   */
  endpoint: string;
  /** The table, created with its stream on. */
  tableName: string;
  /** Lambda's filter criteria: a record is kept if any pattern matches it. */
  filters: readonly EventPattern[];
  /** The function, invoked synchronously with each batch. */
  invoke(event: DynamoDBStreamEvent): Promise<InvocationOutcome>;
  /** The most records in one invocation. @default 100 */
  batchSize?: number;
  /** How many times a failing batch is tried again before its record is a dead letter. @default 10 */
  retryAttempts?: number;
  /** How long the mapping waits between two rounds of polling its shards. @default 25 */
  pollMs?: number;
  /**
   * Where the mapping sends each dead letter, as Lambda's on-failure destination does: an SQS
   * queue (the loopback SQS, through the SDK), the message Lambda's description of the batch
   * given up on ({@link StreamFailureRecord}), naming the function. @default none: kept in
   * `deadLetters` only
   */
  onFailure?: { sqsEndpoint: string; queueUrl: string; functionArn: string };
}

/**
 * What Lambda sends a DynamoDB stream event source's on-failure destination for a batch it gave
 * up on: the invocation's context and the batch's place in the stream, not its records.
 */
export interface StreamFailureRecord {
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: "RetryAttemptsExhausted";
    approximateInvokeCount: number;
  };
  responseContext: { statusCode: number; executedVersion: string; functionError?: string };
  version: "1.0";
  timestamp: string;
  DDBStreamBatchInfo: {
    shardId: string;
    startSequenceNumber: string;
    endSequenceNumber: string;
    approximateArrivalOfFirstRecord: string;
    approximateArrivalOfLastRecord: string;
    batchSize: number;
    streamArn: string;
  };
}

/** A record the function failed on every attempt, and how the last one failed. */
export interface StreamDeadLetter {
  record: DynamoDBRecord;
  /** The function's error, or `batchItemFailure` when the function reported the record failed. */
  cause: FunctionErrorEnvelope | "batchItemFailure";
}

/** A shard as the mapping reads it: in order, its parent's records first. */
interface ShardReader {
  id: string;
  parent: string | undefined;
  /** Where to read next; `null` once the shard is closed and read to its end. */
  iterator: string | null | undefined;
  /** Records read and kept by the filters, not yet handled. */
  pending: DynamoDBRecord[];
  /** How many times the batch at the head of `pending` failed. */
  failures: number;
}

/** One who waits for {@link TableStreamMapping.settled}: for a quiet round begun after it asked. */
interface SettleWaiter {
  after: number;
  resolve(errors: FunctionErrorEnvelope[]): void;
  reject(error: unknown): void;
}

/** Where a batch stopped: the first record the function reported failed, or none. */
function firstFailure(batch: readonly DynamoDBRecord[], result: unknown): number | undefined {
  const reported = (result as Partial<DynamoDBBatchResponse> | null)?.batchItemFailures ?? [];
  if (reported.length === 0) return undefined;
  const positions = reported.map((failure) =>
    batch.findIndex((record) => record.dynamodb?.SequenceNumber === failure.itemIdentifier),
  );
  // An identifier that names no record of the batch fails all of it, as on Lambda.
  return positions.includes(-1) ? 0 : Math.min(...positions);
}

/**
 * Lambda's DynamoDB event source mapping on loopback, reading the table's real stream on
 * DynamoDB Local (DescribeStream, GetShardIterator from `TRIM_HORIZON`, GetRecords): each shard
 * in order, a child after its parent; the records its filters keep (Lambda's filter criteria,
 * matched by the project's EventBridge pattern matcher on the record as Lambda hands it over)
 * go to the function in batches of `batchSize`, one invocation at a time, the others are
 * passed over. With `ReportBatchItemFailures` a batch is done up to the first record the
 * function reports failed and is tried again from it; a function error tries the whole batch
 * again. A batch that failed `retryAttempts` more times loses its failing record (the first
 * reported, or the first of the batch) to {@link TableStreamMapping.deadLetters}, as the
 * bisecting mapping of `ExecutionFactsSource` ends up sending it to its dead-letter queue,
 * and the rest goes on; with `onFailure` it also sends the queue Lambda's on-failure record of
 * that one-record batch ({@link StreamFailureRecord}). Part of the loopback emulator of AWS, not a mock of a client.
 *
 * @example
 * const mapping = await TableStreamMapping.start({ endpoint, tableName, filters, invoke });
 * await mapping.settled(); // [] when no invocation failed
 */
export class TableStreamMapping {
  /** The records dropped after their last attempt failed, in order. */
  readonly deadLetters: StreamDeadLetter[] = [];
  /** Every batch the function was invoked with, in order. */
  readonly batches: DynamoDBRecord[][] = [];
  private readonly options: Required<
    Pick<TableStreamMappingOptions, "invoke" | "batchSize" | "retryAttempts" | "pollMs">
  >;
  private readonly kept: (record: DynamoDBRecord) => boolean;
  private readonly streams: DynamoDBStreamsClient;
  private readonly onFailure: { sqs: SQSClient; queueUrl: string; functionArn: string } | undefined;
  private readonly shards = new Map<string, ShardReader>();
  private readonly errors: FunctionErrorEnvelope[] = [];
  private readonly waiters: SettleWaiter[] = [];
  private readonly streamArn: string;
  private rounds = 0;
  private stopped = false;
  private readonly polling: Promise<void>;

  private constructor(options: TableStreamMappingOptions, streamArn: string) {
    this.options = {
      invoke: options.invoke,
      batchSize: options.batchSize ?? 100,
      retryAttempts: options.retryAttempts ?? 10,
      pollMs: options.pollMs ?? 25,
    };
    const tests = options.filters.map(compilePattern);
    this.kept = (record) => tests.some((test) => test(record));
    this.streamArn = streamArn;
    this.streams = new DynamoDBStreamsClient({
      endpoint: options.endpoint,
      ...LOCAL_DYNAMODB_SIGNING,
    });
    this.onFailure = options.onFailure && {
      sqs: new SQSClient({
        endpoint: options.onFailure.sqsEndpoint,
        region: LOOPBACK_REGION,
        credentials: { accessKeyId: "loopback", secretAccessKey: "loopback" },
      }),
      queueUrl: options.onFailure.queueUrl,
      functionArn: options.onFailure.functionArn,
    };
    this.polling = this.poll();
  }

  /** Finds the table's stream and starts polling it from its oldest record. */
  static async start(options: TableStreamMappingOptions): Promise<TableStreamMapping> {
    const dynamoDb = localDynamoDbClient(options.endpoint);
    try {
      const { Table } = await dynamoDb.send(
        new DescribeTableCommand({ TableName: options.tableName }),
      );
      if (Table?.LatestStreamArn === undefined)
        throw new TableStreamMissingError(options.tableName);
      return new TableStreamMapping(options, Table.LatestStreamArn);
    } finally {
      dynamoDb.destroy();
    }
  }

  /** How many times the function was invoked. */
  get invocations(): number {
    return this.batches.length;
  }

  /**
   * Resolves once a whole round of polling, begun after the call, found the stream drained
   * and nothing left to try again (no invocation is then in flight), with the errors of the
   * invocations that failed since it last resolved; rejects with a failure to read the stream.
   */
  settled(): Promise<FunctionErrorEnvelope[]> {
    const { promise, resolve, reject } = Promise.withResolvers<FunctionErrorEnvelope[]>();
    this.waiters.push({ after: this.rounds, resolve, reject });
    return promise;
  }

  /** Stops polling after the round in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.polling;
    this.streams.destroy();
    this.onFailure?.sqs.destroy();
  }

  private async poll(): Promise<void> {
    while (!this.stopped) {
      this.rounds += 1;
      const round = this.rounds;
      try {
        const quiet = await this.round();
        if (quiet) this.release(round);
      } catch (error) {
        for (const waiter of this.waiters.splice(0)) waiter.reject(error);
      }
      await new Promise((resolve) => setTimeout(resolve, this.options.pollMs));
    }
  }

  /** Resolves the waiters who asked before `round` began. */
  private release(round: number): void {
    const ready = this.waiters.filter((waiter) => waiter.after < round);
    if (ready.length === 0) return;
    this.waiters.splice(0, this.waiters.length, ...this.waiters.filter((w) => w.after >= round));
    const errors = this.errors.splice(0);
    for (const waiter of ready) waiter.resolve(errors);
  }

  /** Reads and delivers what every readable shard holds; answers whether there was nothing. */
  private async round(): Promise<boolean> {
    await this.discoverShards();
    let quiet = true;
    for (const shard of this.shards.values()) {
      const parent = shard.parent === undefined ? undefined : this.shards.get(shard.parent);
      if (parent !== undefined && (parent.iterator !== null || parent.pending.length > 0)) continue;
      if (shard.pending.length === 0 && shard.iterator !== null) {
        const { Records = [], NextShardIterator } = await this.streams.send(
          new GetRecordsCommand({ ShardIterator: await this.iteratorOf(shard) }),
        );
        shard.iterator = NextShardIterator ?? null;
        if (Records.length > 0) quiet = false;
        shard.pending.push(
          ...Records.map((record) => lambdaStreamRecord(record, this.streamArn)).filter(this.kept),
        );
      }
      if (shard.pending.length > 0) {
        quiet = false;
        await this.deliver(shard);
      }
    }
    return quiet;
  }

  /** Adds the shards the stream has that the mapping does not know yet. */
  private async discoverShards(): Promise<void> {
    let from: string | undefined;
    do {
      const { StreamDescription } = await this.streams.send(
        new DescribeStreamCommand({
          StreamArn: this.streamArn,
          ...(from === undefined ? {} : { ExclusiveStartShardId: from }),
        }),
      );
      for (const shard of StreamDescription?.Shards ?? []) {
        if (shard.ShardId === undefined || this.shards.has(shard.ShardId)) continue;
        this.shards.set(shard.ShardId, {
          id: shard.ShardId,
          parent: shard.ParentShardId,
          iterator: undefined,
          pending: [],
          failures: 0,
        });
      }
      from = StreamDescription?.LastEvaluatedShardId;
    } while (from !== undefined);
  }

  private async iteratorOf(shard: ShardReader): Promise<string | undefined> {
    if (shard.iterator !== undefined && shard.iterator !== null) return shard.iterator;
    const { ShardIterator } = await this.streams.send(
      new GetShardIteratorCommand({
        StreamArn: this.streamArn,
        ShardId: shard.id,
        ShardIteratorType: "TRIM_HORIZON",
      }),
    );
    return ShardIterator;
  }

  /** Hands the shard's pending records to the function, batch by batch, until one fails. */
  private async deliver(shard: ShardReader): Promise<void> {
    while (shard.pending.length > 0) {
      const batch = shard.pending.slice(0, this.options.batchSize);
      this.batches.push(batch);
      const outcome = await this.options.invoke({ Records: structuredClone(batch) });
      if ("error" in outcome) this.errors.push(outcome.error);
      const failed = "error" in outcome ? 0 : firstFailure(batch, outcome.result);
      shard.pending.splice(0, failed ?? batch.length);
      if (failed === undefined) {
        shard.failures = 0;
        continue;
      }
      shard.failures += 1;
      if (shard.failures <= this.options.retryAttempts) return;
      const [record] = shard.pending.splice(0, 1);
      if (record !== undefined) {
        this.deadLetters.push({
          record,
          cause: "error" in outcome ? outcome.error : "batchItemFailure",
        });
        await this.sendFailure(shard, record, "error" in outcome);
      }
      shard.failures = 0;
    }
  }

  /** Sends the on-failure destination Lambda's record of the one-record batch given up on. */
  private async sendFailure(
    shard: ShardReader,
    record: DynamoDBRecord,
    functionError: boolean,
  ): Promise<void> {
    if (this.onFailure === undefined) return;
    const sequenceNumber = record.dynamodb?.SequenceNumber ?? "";
    const arrival = new Date(
      (record.dynamodb?.ApproximateCreationDateTime ?? 0) * 1000,
    ).toISOString();
    const letter: StreamFailureRecord = {
      requestContext: {
        requestId: randomUUID(),
        functionArn: this.onFailure.functionArn,
        condition: "RetryAttemptsExhausted",
        approximateInvokeCount: this.options.retryAttempts + 1,
      },
      responseContext: {
        statusCode: 200,
        executedVersion: "$LATEST",
        ...(functionError ? { functionError: "Unhandled" } : {}),
      },
      version: "1.0",
      timestamp: new Date().toISOString(),
      DDBStreamBatchInfo: {
        shardId: shard.id,
        startSequenceNumber: sequenceNumber,
        endSequenceNumber: sequenceNumber,
        approximateArrivalOfFirstRecord: arrival,
        approximateArrivalOfLastRecord: arrival,
        batchSize: 1,
        streamArn: this.streamArn,
      },
    };
    await this.onFailure.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.onFailure.queueUrl,
        MessageBody: JSON.stringify(letter),
      }),
    );
  }
}
