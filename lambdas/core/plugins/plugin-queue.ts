import type { QueuePluginDeclaration } from "./plugin-declaration.ts";
import { QueueArnError } from "./queue-arn-error.ts";
import { type SqsQueueAddress, sqsQueueAddress } from "./sqs-queue-address.ts";

/**
 * Why a `queue` plugin may not name a FIFO queue, after `queue`: every engine refuses it in
 * these words (the plugins file's rule `plugins-queue-fifo`, the deployment, the local bus).
 */
export const FIFO_QUEUE_REFUSAL =
  "names a FIFO queue (.fifo): an EventBridge rule gives every message the same message group, which would queue all instances' events in one line, so Baton sends to standard queues only";

/**
 * The queue a `queue` plugin sends to: its ARN read by `sqsQueueAddress`, refused when it is
 * not an SQS queue ARN or names a FIFO queue. What the deployment and the local bus both take
 * the declaration through, so that they accept the same queues.
 *
 * @throws {QueueArnError} naming the plugin and the problem
 * @example
 * pluginQueue({ name: "events", kind: "queue", queueArn: "arn:aws:sqs:eu-west-1:123456789012:flow-events", subscriptions: [] }).region;
 * // "eu-west-1"
 */
export function pluginQueue(plugin: QueuePluginDeclaration): SqsQueueAddress {
  const address = sqsQueueAddress(plugin.name, plugin.queueArn);
  if (address.fifo) throw new QueueArnError(plugin.name, FIFO_QUEUE_REFUSAL);
  return address;
}
