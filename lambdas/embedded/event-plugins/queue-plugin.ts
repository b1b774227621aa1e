import type { QueuePluginDeclaration } from "../../core/plugins/plugin-declaration.ts";
import { pluginQueue } from "../../core/plugins/plugin-queue.ts";
import { QueueRefusedError } from "../../core/ports/queue-refused-error.ts";
import type { QueueSender } from "../../core/ports/queue-sender.ts";
import { DeliveryRefusedError } from "./delivery-refused-error.ts";
import type { PluginTarget } from "./plugin-target.ts";

/**
 * The `queue` plugin: sends each envelope, as JSON, as the body of one message to the plugin's
 * SQS queue — the body EventBridge's SQS target sends on AWS, where a rule without an input
 * transformer sends the whole event. No message attribute is added (EventBridge's target adds
 * none either): the delivery's id is the body's `id`. The queue's acceptance takes the event;
 * a refusal (`QueueRefusedError`: no such queue, access denied) is final, anything else is
 * retried by the bus. Errors name the plugin and the service's code.
 *
 * @throws {QueueArnError} when the declaration's ARN is not an SQS standard queue's
 * @example
 * const target = queuePlugin(declaration, new SqsQueueSender());
 */
export function queuePlugin(
  declaration: QueuePluginDeclaration,
  sender: QueueSender,
): PluginTarget {
  const queue = pluginQueue(declaration);
  const receiver = `the queue of plugin "${declaration.name}"`;
  return async (envelope) => {
    try {
      await sender.send({ queue, body: JSON.stringify(envelope) });
    } catch (error) {
      if (error instanceof QueueRefusedError) {
        throw new DeliveryRefusedError(`${receiver} refused the event (${error.code})`);
      }
      const why = error instanceof Error ? error.message : String(error);
      throw new Error(`${receiver} did not take the event: ${why}`);
    }
  };
}
