import { QueueArnError } from "./queue-arn-error.ts";

/** Where an SQS queue is, as its ARN says, and the URL its API calls name it by. */
export interface SqsQueueAddress {
  /** The ARN as declared. */
  arn: string;
  /** `aws`, `aws-cn` or `aws-us-gov`. */
  partition: string;
  region: string;
  /** The 12-digit account that owns the queue. */
  account: string;
  /** The queue's name (a FIFO queue's ends with `.fifo`). */
  name: string;
  /** Whether the queue is a FIFO queue (its name ends with `.fifo`). */
  fifo: boolean;
  /** `https://sqs.<region>.<partition's domain>/<account>/<name>`. */
  url: string;
}

/** The domain of each partition's SQS endpoints. */
const DOMAINS: Readonly<Record<string, string>> = {
  aws: "amazonaws.com",
  "aws-cn": "amazonaws.com.cn",
  "aws-us-gov": "amazonaws.com",
};

/**
 * An SQS queue ARN: partition, region, 12-digit account, and a name of 1 to 80 letters, digits,
 * `-` or `_` (a FIFO queue's, its `.fifo` included). `schema/baton-plugins.schema.json` holds
 * the same pattern for the plugins file.
 */
const QUEUE_ARN =
  /^arn:(aws|aws-cn|aws-us-gov):sqs:([a-z]{2}(?:-[a-z]+)+-\d{1,2}):(\d{12}):([A-Za-z0-9_-]{1,80}|[A-Za-z0-9_-]{1,75}\.fifo)$/;

/**
 * Reads an SQS queue ARN into its parts and the queue's URL, as SQS names the queue in
 * `SendMessage` (`QueueUrl`). Pure: the URL is the queue's standard one, not looked up.
 *
 * @param plugin the plugin that declares it, for the error
 * @throws {QueueArnError} for anything that is not an SQS queue ARN of the three partitions
 * @example
 * sqsQueueAddress("events", "arn:aws:sqs:eu-west-1:123456789012:flow-events").url;
 * // "https://sqs.eu-west-1.amazonaws.com/123456789012/flow-events"
 */
export function sqsQueueAddress(plugin: string, arn: string): SqsQueueAddress {
  const parts = QUEUE_ARN.exec(arn);
  if (!parts) {
    throw new QueueArnError(
      plugin,
      "is not an SQS queue ARN (arn:aws:sqs:<region>:<account>:<name>)",
    );
  }
  const [, partition = "", region = "", account = "", name = ""] = parts;
  return {
    arn,
    partition,
    region,
    account,
    name,
    fifo: name.endsWith(".fifo"),
    url: `https://sqs.${region}.${DOMAINS[partition]}/${account}/${name}`,
  };
}
