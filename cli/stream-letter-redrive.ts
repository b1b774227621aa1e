import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import {
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import {
  STREAM_REDRIVE_KIND,
  type StreamRedriveAnswer,
  type StreamRedriveRequest,
} from "../lambdas/handlers/stream-redrive-request.ts";

/** Where {@link redriveStreamLetters} reads the letters and whom it asks to follow them. */
export interface StreamLetterRedriveOptions {
  /** The dead-letter queue's URL, e.g. of `baton-prod-execution-facts-dlq`. */
  queueUrl: string;
  /** The execution-facts function's name or ARN, e.g. `baton-prod-execution-facts`. */
  functionName: string;
  sqs: SQSClient;
  lambda: LambdaClient;
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

/** A function's answer that is not a redrive's, as the operator reads it. */
function unexpected(answer: unknown): string {
  return `the function's answer is not a redrive's (is it the execution-facts function?): ${JSON.stringify(answer)}`;
}

/** What the function made of one message: its answer, or why the message is kept. */
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
  const request: StreamRedriveRequest = { kind: STREAM_REDRIVE_KIND, version: 1, letter };
  const { FunctionError, Payload } = await options.lambda.send(
    new InvokeCommand({
      FunctionName: options.functionName,
      Payload: new TextEncoder().encode(JSON.stringify(request)),
    }),
  );
  const text = Payload === undefined ? "" : new TextDecoder().decode(Payload);
  const answer = (text === "" ? undefined : JSON.parse(text)) as unknown;
  if (FunctionError !== undefined) {
    const error = answer as { errorType?: string; errorMessage?: string } | undefined;
    return {
      redriven: false,
      why: `the function failed: ${error?.errorType ?? FunctionError}: ${error?.errorMessage ?? ""}`,
    };
  }
  const outcome = answer as Partial<StreamRedriveAnswer> | undefined;
  if (outcome !== undefined && "refused" in outcome && outcome.refused !== undefined) {
    return { redriven: false, why: `${outcome.refused.error}: ${outcome.refused.message}` };
  }
  if (
    outcome === undefined ||
    !("followed" in outcome) ||
    typeof outcome.followed !== "number" ||
    !Array.isArray(outcome.failed)
  ) {
    return { redriven: false, why: unexpected(answer) };
  }
  if (outcome.failed.length > 0) {
    return {
      redriven: false,
      why: `${outcome.followed} records followed, ${outcome.failed.length} not (${outcome.failed.join(", ")}): see the function's log`,
    };
  }
  return { redriven: true, followed: outcome.followed };
}

/**
 * The core of `baton stream-redrive`: receives the messages of the execution facts' dead-letter
 * queue until it answers none (or hands a message a second time), invokes the execution-facts
 * function with each as a redrive request (`{ kind: "baton.stream-redrive", version: 1,
 * letter }`), deletes each message whose records were all followed and keeps the others (they
 * come back to the queue after `visibilitySeconds`). Answers one outcome per message, in the
 * order received. A queue or function that cannot be reached rejects with the SDK's error.
 *
 * @example
 * const outcomes = await redriveStreamLetters({ queueUrl, functionName: "baton-prod-execution-facts", sqs, lambda });
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
        WaitTimeSeconds: 0,
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
