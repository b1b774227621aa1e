import type { SqsQueueAddress } from "../plugins/sqs-queue-address.ts";

/** One message for a queue. */
export interface QueueMessage {
  /** The queue, as `sqsQueueAddress` reads its ARN. */
  queue: SqsQueueAddress;
  /** The message body: a flow event's envelope as JSON. */
  body: string;
}

/**
 * Sends messages to queues: Amazon SQS (`SqsQueueSender`) for the embedded engine's `queue`
 * plugins. `send` makes one attempt and resolves once the queue accepted the message; it
 * throws `QueueRefusedError` for a refusal that sending again would not change, and any other
 * error (the service failing or throttling, the network) for one worth another attempt. An
 * error's message is a short reason, never a credential.
 *
 * @example
 * await sender.send({ queue: sqsQueueAddress("events", arn), body: JSON.stringify(envelope) });
 */
export interface QueueSender {
  send(message: QueueMessage): Promise<void>;
}
