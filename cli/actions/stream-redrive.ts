import { LambdaClient } from "@aws-sdk/client-lambda";
import { SQSClient } from "@aws-sdk/client-sqs";
import { clientConfig } from "../../lambdas/adapters/aws/aws-client-options.ts";
import { DynamoDbStreamRanges } from "../../lambdas/adapters/aws/dynamodb-stream-ranges.ts";
import { dynamoDbStreamsClient } from "../../lambdas/adapters/aws/dynamodb-streams-client.ts";
import { CliError } from "../cli-error.ts";
import { redriveStreamLetters } from "../stream-letter-redrive.ts";

/** The options of `baton stream-redrive`. */
export interface StreamRedriveOptions {
  queue?: string;
  function?: string;
  region?: string;
}

/** What AWS answers for a queue, stream or function that is not there, or not the caller's to use. */
const BAD_CALL: ReadonlySet<string> = new Set([
  "QueueDoesNotExist",
  "AWS.SimpleQueueService.NonExistentQueue",
  "ResourceNotFoundException",
  "AccessDeniedException",
  "AccessDenied",
  "InvalidAddress",
]);

/**
 * What `baton stream-redrive --queue URL --function NAME [--region R]` does: redrives every
 * message of the execution facts' dead-letter queue ({@link redriveStreamLetters}: its range
 * read from the table's stream, handed to the function as its event source mapping would),
 * printing one line per letter: redriven (deleted) or kept and why. Exit 1 if any was kept, 2
 * for a call without `--queue` or `--function`, or naming a queue, stream or function AWS does
 * not know (or does not let the caller use). The clients take the region from `--region`, else
 * the SDK's, and their endpoints from `AWS_ENDPOINT_URL_SQS`, `AWS_ENDPOINT_URL_LAMBDA` and
 * `AWS_ENDPOINT_URL_DYNAMODB_STREAMS` (else `AWS_ENDPOINT_URL`).
 *
 * @example
 * await streamRedrive({ queue: "https://sqs.eu-west-1.amazonaws.com/123456789012/baton-prod-execution-facts-dlq", function: "baton-prod-execution-facts" });
 */
export async function streamRedrive(options: StreamRedriveOptions): Promise<void> {
  if (!options.queue) throw new CliError("--queue <url> is required: the dead-letter queue", 2);
  if (!options.function) {
    throw new CliError("--function <name> is required: the execution-facts function", 2);
  }
  const config = clientConfig(options.region === undefined ? {} : { region: options.region });
  const sqs = new SQSClient(config);
  const lambda = new LambdaClient(config);
  const streams = dynamoDbStreamsClient(config);
  try {
    const outcomes = await redriveStreamLetters({
      queueUrl: options.queue,
      functionName: options.function,
      sqs,
      lambda,
      ranges: new DynamoDbStreamRanges(streams),
    });
    const lines = outcomes.map((outcome) => outcome.line);
    if (lines.length === 0) lines.push(`No dead letters in ${options.queue}`);
    process.stdout.write(`${lines.join("\n")}\n`);
    if (outcomes.some((outcome) => !outcome.redriven)) process.exitCode = 1;
  } catch (error) {
    const name = (error as Error).name;
    if (BAD_CALL.has(name)) throw new CliError(`${name}: ${(error as Error).message}`, 2);
    throw error;
  } finally {
    sqs.destroy();
    lambda.destroy();
    streams.destroy();
  }
}
