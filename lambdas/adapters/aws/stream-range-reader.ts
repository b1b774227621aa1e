/**
 * A run of records of one shard of a table's change stream, as the stream's event source
 * describes a batch it gave up on (Lambda's on-failure record, `DDBStreamBatchInfo`).
 *
 * @example
 * const range: StreamRange = { streamArn, shardId, startSequenceNumber: "100", endSequenceNumber: "180" };
 */
export interface StreamRange {
  /** The stream's ARN, e.g. `arn:aws:dynamodb:eu-west-1:123456789012:table/baton-prod/stream/2026-12-01T00:00:00.000`. */
  readonly streamArn: string;
  /** The shard holding the records. */
  readonly shardId: string;
  /** The first record's sequence number (digits). */
  readonly startSequenceNumber: string;
  /** The last record's sequence number (digits). */
  readonly endSequenceNumber: string;
}

/**
 * Reads the records of a {@link StreamRange} again, in the stream's order, while the stream
 * still holds them (a table's stream keeps a record 24 hours); a range the stream no longer
 * holds is refused with `StreamRangeGoneError`.
 *
 * @example
 * const records = await reader.read(range);
 */
export interface StreamRangeReader<StreamRecord> {
  read(range: StreamRange): Promise<StreamRecord[]>;
}
