/**
 * A redrive request the execution-facts function cannot read: not of its kind or version, or
 * its letter not Lambda's on-failure record of a table's stream (`DDBStreamBatchInfo` with the
 * stream's ARN, the shard and two sequence numbers). Nothing was read or followed.
 *
 * @example
 * throw new RedriveLetterMalformedError("DDBStreamBatchInfo.shardId is not a string");
 */
export class RedriveLetterMalformedError extends Error {
  override readonly name = "Baton.RedriveLetterMalformed";
}
