import { Command } from "commander";
import type { StreamRedriveOptions } from "../actions/stream-redrive.ts";

/**
 * `baton stream-redrive --queue URL --function NAME [--region R]`: follows again, on AWS, the
 * records of the table's stream the execution-facts function gave up on (docs/deployment.md):
 * the records of each message of its dead-letter queue are read from the stream again and
 * handed to the function as its event source mapping would; a message whose records were all
 * followed is deleted, the others are kept. One line per letter; exit 1
 * if any was kept, 2 for a bad call. Within 24 hours of the letter: the stream keeps its
 * records no longer.
 *
 * @example
 * // $ baton stream-redrive --queue https://sqs.eu-west-1.amazonaws.com/123456789012/baton-prod-execution-facts-dlq --function baton-prod-execution-facts
 * new Command("baton").addCommand(streamRedriveCommand());
 */
export function streamRedriveCommand(): Command {
  return new Command("stream-redrive")
    .description(
      "follow again the table stream's dead letters on AWS (the execution facts' dead-letter queue)",
    )
    .option("--queue <url>", "the dead-letter queue's URL (baton-<env>-execution-facts-dlq)")
    .option("--function <name>", "the execution-facts function (baton-<env>-execution-facts)")
    .option("--region <region>", "the AWS region (default: the SDK's, AWS_REGION)")
    .action(async (options: StreamRedriveOptions) => {
      const { streamRedrive } = await import("../actions/stream-redrive.ts");
      await streamRedrive(options);
    });
}
