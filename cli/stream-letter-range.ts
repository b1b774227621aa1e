import type { StreamRange } from "../lambdas/adapters/aws/stream-range-reader.ts";
import { RedriveLetterMalformedError } from "./redrive-letter-malformed-error.ts";

/** Whether a value is a sequence number of a table's stream: digits only. */
function isSequenceNumber(value: unknown): value is string {
  return typeof value === "string" && /^\d{1,64}$/.test(value);
}

/**
 * The stream range a dead letter of the table's stream describes: `letter` is a message body
 * of `baton-<env>-execution-facts-dlq` as Lambda put it there (its on-failure record:
 * `requestContext`, `responseContext`, `version`, `timestamp` and `DDBStreamBatchInfo`), parsed
 * from JSON. Anything else is {@link RedriveLetterMalformedError}: a `DDBStreamBatchInfo`
 * without the stream's ARN, the shard, or two sequence numbers of digits, the first not after
 * the last.
 *
 * @example
 * streamRangeOfLetter(JSON.parse(message.Body)); // { streamArn, shardId, startSequenceNumber, endSequenceNumber }
 */
export function streamRangeOfLetter(letter: unknown): StreamRange {
  const { streamArn, shardId, startSequenceNumber, endSequenceNumber } =
    (letter as { DDBStreamBatchInfo?: Partial<Record<keyof StreamRange, unknown>> } | null)
      ?.DDBStreamBatchInfo ?? {};
  if (
    typeof streamArn !== "string" ||
    typeof shardId !== "string" ||
    !isSequenceNumber(startSequenceNumber) ||
    !isSequenceNumber(endSequenceNumber) ||
    BigInt(endSequenceNumber) < BigInt(startSequenceNumber)
  ) {
    throw new RedriveLetterMalformedError(
      "the letter is not Lambda's on-failure record of a table's stream (DDBStreamBatchInfo: streamArn, shardId, startSequenceNumber to endSequenceNumber)",
    );
  }
  return { streamArn, shardId, startSequenceNumber, endSequenceNumber };
}
