import {
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from "@aws-sdk/client-dynamodb-streams";
import type { DynamoDBRecord } from "aws-lambda";
import { lambdaStreamRecord } from "./lambda-stream-record.ts";
import { StreamRangeGoneError } from "./stream-range-gone-error.ts";
import type { StreamRange, StreamRangeReader } from "./stream-range-reader.ts";

/** What DynamoDB Streams answers for records it no longer holds: trimmed, or the shard gone. */
const GONE: ReadonlySet<string> = new Set([
  "TrimmedDataAccessException",
  "ResourceNotFoundException",
]);

/**
 * The most pages in a row without a record before the range's last record: the stream holds
 * it (it handed it before), so a shard that keeps answering nothing has lost it.
 */
const EMPTY_PAGES = 5;

/**
 * {@link StreamRangeReader} over DynamoDB Streams: `GetShardIterator` `AT_SEQUENCE_NUMBER` the
 * range's first record, then `GetRecords` up to its last one, each record as Lambda hands it to
 * a function ({@link lambdaStreamRecord}). Needs `dynamodb:GetShardIterator` and
 * `dynamodb:GetRecords` on the stream (`baton stream-redrive` reads with the operator's
 * credentials). A range the stream no longer holds (`TrimmedDataAccessException`,
 * `ResourceNotFoundException`, or its last record never read) is {@link StreamRangeGoneError}.
 *
 * @example
 * const records = await new DynamoDbStreamRanges(dynamoDbStreamsClient()).read(range);
 */
export class DynamoDbStreamRanges implements StreamRangeReader<DynamoDBRecord> {
  private readonly client: DynamoDBStreamsClient;

  constructor(client: DynamoDBStreamsClient) {
    this.client = client;
  }

  async read(range: StreamRange): Promise<DynamoDBRecord[]> {
    const end = BigInt(range.endSequenceNumber);
    const records: DynamoDBRecord[] = [];
    let { ShardIterator: iterator } = await this.gone(
      range,
      this.client.send(
        new GetShardIteratorCommand({
          StreamArn: range.streamArn,
          ShardId: range.shardId,
          ShardIteratorType: "AT_SEQUENCE_NUMBER",
          SequenceNumber: range.startSequenceNumber,
        }),
      ),
    );
    let empty = 0;
    while (iterator !== undefined) {
      const { Records = [], NextShardIterator } = await this.gone(
        range,
        this.client.send(new GetRecordsCommand({ ShardIterator: iterator })),
      );
      for (const record of Records) {
        const sequenceNumber = BigInt(record.dynamodb?.SequenceNumber ?? "0");
        if (sequenceNumber > end) return records;
        records.push(lambdaStreamRecord(record, range.streamArn));
        if (sequenceNumber === end) return records;
      }
      empty = Records.length === 0 ? empty + 1 : 0;
      if (empty >= EMPTY_PAGES) break;
      iterator = NextShardIterator;
    }
    throw new StreamRangeGoneError(range, `record ${range.endSequenceNumber} was not read`);
  }

  /** The answer of `request`, or {@link StreamRangeGoneError} for records the stream lost. */
  private async gone<T>(range: StreamRange, request: Promise<T>): Promise<T> {
    try {
      return await request;
    } catch (error) {
      const name = (error as Error).name;
      if (GONE.has(name)) throw new StreamRangeGoneError(range, name);
      throw error;
    }
  }
}
