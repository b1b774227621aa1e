import type { StreamRange } from "../core/ports/stream-range-reader.ts";
import { RedriveLetterMalformedError } from "./redrive-letter-malformed-error.ts";

/** The `kind` of a {@link StreamRedriveRequest}. */
export const STREAM_REDRIVE_KIND = "baton.stream-redrive";

/**
 * A direct invocation of the execution-facts function asking it to follow again the records of
 * a batch its event source gave up on: `letter` is the message body of the dead-letter queue
 * `baton-<env>-execution-facts-dlq` as Lambda put it there (its on-failure record: `requestContext`,
 * `responseContext`, `version`, `timestamp` and `DDBStreamBatchInfo`), parsed from JSON.
 * `baton stream-redrive` sends one per message.
 *
 * @example
 * const request: StreamRedriveRequest = { kind: "baton.stream-redrive", version: 1, letter: JSON.parse(message.Body) };
 */
export interface StreamRedriveRequest {
  kind: typeof STREAM_REDRIVE_KIND;
  version: 1;
  letter: unknown;
}

/**
 * What the function answers a {@link StreamRedriveRequest}: how many records of the range it
 * followed (those the stream's filters pass by included), and the sequence numbers of those it
 * could not (the first failing record of an instance and the records of that instance after it);
 * or, having followed nothing, why it refused (`Baton.RedriveLetterMalformed`,
 * `Baton.StreamRangeGone`), without a stack trace.
 *
 * @example
 * { followed: 3, failed: [] }
 * { refused: { error: "Baton.StreamRangeGone", message: "the records … are no longer in the stream …" } }
 */
export type StreamRedriveAnswer =
  | { followed: number; failed: string[] }
  | { refused: { error: string; message: string } };

/** Whether an invocation's event is a {@link StreamRedriveRequest} (of any version). */
export function isStreamRedriveRequest(event: unknown): event is StreamRedriveRequest {
  return (event as Partial<StreamRedriveRequest> | null)?.kind === STREAM_REDRIVE_KIND;
}

/** Whether a value is a sequence number of a table's stream: digits only. */
function isSequenceNumber(value: unknown): value is string {
  return typeof value === "string" && /^\d{1,64}$/.test(value);
}

/**
 * The stream range a redrive request's letter describes, or {@link RedriveLetterMalformedError}
 * saying what is wrong: a version other than 1, or a letter that is not Lambda's on-failure
 * record of a table's stream (`DDBStreamBatchInfo` with the stream's ARN, the shard and two
 * sequence numbers of digits, the first not after the last).
 *
 * @example
 * streamRangeOfRequest({ kind: "baton.stream-redrive", version: 1, letter }); // { streamArn, shardId, … }
 */
export function streamRangeOfRequest(request: StreamRedriveRequest): StreamRange {
  if (request.version !== 1) {
    throw new RedriveLetterMalformedError(`version ${request.version} is not 1`);
  }
  const { streamArn, shardId, startSequenceNumber, endSequenceNumber } =
    (request.letter as { DDBStreamBatchInfo?: Partial<Record<keyof StreamRange, unknown>> } | null)
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
