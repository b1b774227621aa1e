import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import {
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { lambdaAnswer } from "../lambdas/adapters/aws/lambda-answer.ts";
import { StreamRangeGoneError } from "../lambdas/adapters/aws/stream-range-gone-error.ts";
import type { StreamRangeReader } from "../lambdas/adapters/aws/stream-range-reader.ts";
import {
  TABLE_STREAM_BATCH_SIZE,
  TABLE_STREAM_FILTERS,
} from "../lambdas/core/contract/table-stream-filters.ts";
import { compilePattern } from "../lambdas/core/events/event-pattern.ts";
import { RedriveLetterMalformedError } from "./redrive-letter-malformed-error.ts";
import { streamRangeOfLetter } from "./stream-letter-range.ts";

/** Where {@link redriveStreamLetters} reads the letters and their records, and whom it hands them. */
export interface StreamLetterRedriveOptions {
  /** The dead-letter queue's URL, e.g. of `baton-prod-execution-facts-dlq`. */
  queueUrl: string;
  /** The execution-facts function's name or ARN, e.g. `baton-prod-execution-facts`. */
  functionName: string;
  sqs: SQSClient;
  lambda: LambdaClient;
  /** Reads a letter's range of the table's stream again, e.g. `DynamoDbStreamRanges`. */
  ranges: StreamRangeReader<DynamoDBRecord>;
  /**
   * How long a message received stays hidden from other readers: a letter kept comes back to
   * the queue after it.
   *
   * @default 300
   */
  visibilitySeconds?: number;
}

/** What became of one message of the queue. */
export interface LetterOutcome {
  messageId: string;
  /** Whether every record of its range was followed, and the message deleted. */
  redriven: boolean;
  /** What to tell the operator, in one line. */
  line: string;
}

/** The most messages one ReceiveMessage answers. */
const RECEIVE_BATCH = 10;

/** Whether a record is one the event source mapping's filters hand the function. */
const handed: (record: DynamoDBRecord) => boolean = (() => {
  const tests = Object.values(TABLE_STREAM_FILTERS).map(compilePattern);
  return (record) => tests.some((test) => test(record));
})();

/** The records of a chunk the function followed, or why it stopped. */
type ChunkOutcome = { followed: true } | { followed: false; before: number; why: string };

/**
 * Invokes the function with a chunk of records as its event source mapping does (a
 * `DynamoDBStreamEvent`, synchronously) and reads its `batchItemFailures`.
 */
async function invokeChunk(
  options: StreamLetterRedriveOptions,
  records: readonly DynamoDBRecord[],
): Promise<ChunkOutcome> {
  const event: DynamoDBStreamEvent = { Records: [...records] };
  const answer = lambdaAnswer(
    await options.lambda.send(
      new InvokeCommand({
        FunctionName: options.functionName,
        InvocationType: "RequestResponse",
        Payload: new TextEncoder().encode(JSON.stringify(event)),
      }),
    ),
  );
  if (!answer.ok) {
    return {
      followed: false,
      before: 0,
      why: `the function failed: ${answer.error.errorType}: ${answer.error.errorMessage ?? ""}`,
    };
  }
  const failures = (answer.result as Partial<DynamoDBBatchResponse> | null | undefined)
    ?.batchItemFailures;
  if (!Array.isArray(failures)) {
    return {
      followed: false,
      before: 0,
      why: `the function's answer is not a stream batch's (is it the execution-facts function?): ${answer.text}`,
    };
  }
  const failed = failures[0]?.itemIdentifier;
  if (failed === undefined) return { followed: true };
  const at = records.findIndex((record) => record.dynamodb?.SequenceNumber === failed);
  return { followed: false, before: Math.max(at, 0), why: `record ${failed} failed` };
}

/** What became of one message's letter: all its records followed, or why it is kept. */
async function redriveOne(
  options: StreamLetterRedriveOptions,
  body: string,
): Promise<{ redriven: true; followed: number } | { redriven: false; why: string }> {
  let letter: unknown;
  try {
    letter = JSON.parse(body);
  } catch {
    return {
      redriven: false,
      why: "the message is not JSON: not a dead letter of the table's stream",
    };
  }
  let records: DynamoDBRecord[];
  try {
    records = (await options.ranges.read(streamRangeOfLetter(letter))).filter(handed);
  } catch (error) {
    if (error instanceof RedriveLetterMalformedError || error instanceof StreamRangeGoneError) {
      return { redriven: false, why: `${error.name}: ${error.message}` };
    }
    throw error;
  }
  for (let start = 0; start < records.length; start += TABLE_STREAM_BATCH_SIZE) {
    const outcome = await invokeChunk(
      options,
      records.slice(start, start + TABLE_STREAM_BATCH_SIZE),
    );
    if (!outcome.followed) {
      return {
        redriven: false,
        why: `${outcome.why} (${start + outcome.before} of ${records.length} records followed before it): see the function's log`,
      };
    }
  }
  return { redriven: true, followed: records.length };
}

/**
 * The core of `baton stream-redrive`: receives the messages of the execution facts' dead-letter
 * queue until it answers none (or hands a message a second time); for each, reads the records
 * of its range from the table's stream (`ranges`), keeps those the event source mapping's
 * filters pass (`TABLE_STREAM_FILTERS`) and invokes the execution-facts function with them as
 * the mapping does: a `DynamoDBStreamEvent`, synchronously, in chunks of at most 100 records in
 * the stream's order, stopping at the first chunk whose answer names a failure
 * (`batchItemFailures`) or that fails. A message whose records were all followed is deleted;
 * the others are kept (they come back to the queue after `visibilitySeconds`): a message not
 * JSON, a letter malformed (`Baton.RedriveLetterMalformed`), a range the stream no longer holds
 * (`Baton.StreamRangeGone`), a record failing again (its sequence number named). Answers one
 * outcome per message, in the order received. A queue, stream or function that cannot be
 * reached rejects with the SDK's error.
 *
 * @example
 * const outcomes = await redriveStreamLetters({ queueUrl, functionName: "baton-prod-execution-facts", sqs, lambda, ranges });
 */
export async function redriveStreamLetters(
  options: StreamLetterRedriveOptions,
): Promise<LetterOutcome[]> {
  const outcomes: LetterOutcome[] = [];
  const seen = new Set<string>();
  for (;;) {
    const { Messages = [] } = await options.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: options.queueUrl,
        MaxNumberOfMessages: RECEIVE_BATCH,
        VisibilityTimeout: options.visibilitySeconds ?? 300,
        // Long polling asks every server of the queue: a short poll samples some, and a queue
        // holding few messages (a dead-letter queue) can answer none while it has some.
        WaitTimeSeconds: 1,
      }),
    );
    const fresh = Messages.filter((message) => !seen.has(message.MessageId ?? ""));
    if (fresh.length === 0) return outcomes;
    for (const message of fresh) outcomes.push(await settle(options, message, seen));
  }
}

/** Redrives one message, deletes it when all its records were followed, and says so. */
async function settle(
  options: StreamLetterRedriveOptions,
  message: Message,
  seen: Set<string>,
): Promise<LetterOutcome> {
  const messageId = message.MessageId ?? "";
  seen.add(messageId);
  const result = await redriveOne(options, message.Body ?? "");
  if (!result.redriven) {
    return { messageId, redriven: false, line: `✗ ${messageId} kept: ${result.why}` };
  }
  await options.sqs.send(
    new DeleteMessageCommand({ QueueUrl: options.queueUrl, ReceiptHandle: message.ReceiptHandle }),
  );
  return {
    messageId,
    redriven: true,
    line: `✓ ${messageId} redriven: ${result.followed} records followed, letter deleted`,
  };
}
