/**
 * A message of the execution facts' dead-letter queue that `baton stream-redrive` cannot read:
 * not Lambda's on-failure record of a table's stream (`DDBStreamBatchInfo` with the stream's
 * ARN, the shard and two sequence numbers). Nothing was read from the stream or followed.
 *
 * @example
 * throw new RedriveLetterMalformedError("the letter is not Lambda's on-failure record of a table's stream");
 */
export class RedriveLetterMalformedError extends Error {
  override readonly name = "Baton.RedriveLetterMalformed";
}
