import { createHash, randomUUID } from "node:crypto";
import { sqsQueueAddress } from "../../../lambdas/core/plugins/sqs-queue-address.ts";
import {
  AwsServiceError,
  jsonOperation,
  type ProtocolRequest,
  type ProtocolResponse,
  type ProtocolServer,
  serveAwsProtocol,
} from "./aws-protocol-server.ts";

/** A message as SQS keeps it. */
interface QueuedMessage {
  MessageId: string;
  Body: string;
  MD5OfBody: string;
}

/** The requests this emulator serves (awsJson1_0, `X-Amz-Target: AmazonSQS.<operation>`). */
interface SqsRequests {
  SendMessage: { QueueUrl?: string; MessageBody?: string };
  ReceiveMessage: { QueueUrl?: string; MaxNumberOfMessages?: number };
  DeleteMessage: { QueueUrl?: string; ReceiptHandle?: string };
}

/** The hex MD5 of a body, which SQS answers and the SDK checks. */
function md5(text: string): string {
  return createHash("md5").update(text, "utf8").digest("hex");
}

/** A queue's ARN → `<account>/<name>`, the key a queue URL's path gives (`sqsQueueAddress`). */
function keyOfArn(arn: string): string {
  const { account, name } = sqsQueueAddress("sqs-emulator", arn);
  return `${account}/${name}`;
}

/**
 * Amazon SQS over its JSON protocol (awsJson1_0, `X-Amz-Target: AmazonSQS.SendMessage`, what
 * the AWS SDK v3 speaks) on loopback, with the queues it is started with:
 * - `SendMessage` keeps the message and answers its id and the MD5 of its body (which the SDK
 *   checks); a queue URL naming no queue is `QueueDoesNotExist`, an empty body
 *   `MissingParameter`;
 * - `ReceiveMessage` answers up to `MaxNumberOfMessages` (default 1, at most 10) waiting
 *   messages, oldest first, each with a receipt handle; they stay in flight, never visible
 *   again, until `DeleteMessage` removes them (no visibility timeout, no long polling).
 * A queue URL is read by its last two path segments (account and name), so the queue's
 * standard URL (`https://sqs.<region>.amazonaws.com/<account>/<name>`) names it whatever
 * endpoint the request went to. `refuseSends` makes the next sends fail, as SQS failing or
 * throttling would. Part of the loopback emulator of AWS's protocols, not a mock of a client.
 *
 * @example
 * const sqs = await SqsService.start(["arn:aws:sqs:eu-west-1:123456789012:flow-events"]);
 * process.env.AWS_ENDPOINT_URL_SQS = sqs.endpoint;
 */
export class SqsService {
  private readonly queues = new Map<
    string,
    { waiting: QueuedMessage[]; inFlight: Map<string, QueuedMessage> }
  >();
  private readonly refusals: AwsServiceError[] = [];
  private server: ProtocolServer | undefined;
  /** How many SendMessage calls were answered, refused ones included. */
  sendCalls = 0;

  static async start(queueArns: readonly string[]): Promise<SqsService> {
    const service = new SqsService();
    for (const arn of queueArns)
      service.queues.set(keyOfArn(arn), { waiting: [], inFlight: new Map() });
    service.server = await serveAwsProtocol((request) => service.serve(request));
    return service;
  }

  get endpoint(): string {
    if (!this.server) throw new Error("the SQS service is not started");
    return this.server.endpoint;
  }

  /** The next `count` SendMessage calls are answered with this error instead. */
  refuseSends(count: number, error: AwsServiceError): void {
    for (let i = 0; i < count; i += 1) this.refusals.push(error);
  }

  /**
   * The bodies of a queue's messages not deleted yet: those waiting, oldest first, then those
   * received (in flight).
   */
  messages(queueArn: string): string[] {
    const queue = this.queues.get(keyOfArn(queueArn));
    if (!queue) throw new Error(`no queue ${queueArn}`);
    return [...queue.waiting, ...queue.inFlight.values()].map((message) => message.Body);
  }

  stop(): Promise<void> {
    return this.server?.stop() ?? Promise.resolve();
  }

  private queue(url: string | undefined) {
    const key = (url ?? "").split("/").slice(-2).join("/");
    const queue = this.queues.get(key);
    if (!queue) {
      throw new AwsServiceError("QueueDoesNotExist", "The specified queue does not exist.");
    }
    return queue;
  }

  private async serve(request: ProtocolRequest): Promise<ProtocolResponse> {
    const call = jsonOperation<SqsRequests>(request);
    const operation: string = call.operation;
    switch (call.operation) {
      case "SendMessage": {
        this.sendCalls += 1;
        const refusal = this.refusals.shift();
        if (refusal) throw refusal;
        const queue = this.queue(call.input.QueueUrl);
        const body = call.input.MessageBody;
        if (!body) {
          throw new AwsServiceError("MissingParameter", "The request must contain MessageBody.");
        }
        const message: QueuedMessage = {
          MessageId: randomUUID(),
          Body: body,
          MD5OfBody: md5(body),
        };
        queue.waiting.push(message);
        return { body: { MessageId: message.MessageId, MD5OfMessageBody: message.MD5OfBody } };
      }
      case "ReceiveMessage": {
        const queue = this.queue(call.input.QueueUrl);
        const count = Math.min(10, Math.max(1, call.input.MaxNumberOfMessages ?? 1));
        const taken = queue.waiting.splice(0, count);
        const messages = taken.map((message) => {
          const receiptHandle = randomUUID();
          queue.inFlight.set(receiptHandle, message);
          return {
            MessageId: message.MessageId,
            ReceiptHandle: receiptHandle,
            MD5OfBody: message.MD5OfBody,
            Body: message.Body,
          };
        });
        return { body: messages.length > 0 ? { Messages: messages } : {} };
      }
      case "DeleteMessage": {
        const queue = this.queue(call.input.QueueUrl);
        if (!queue.inFlight.delete(call.input.ReceiptHandle ?? "")) {
          throw new AwsServiceError("ReceiptHandleIsInvalid", "The receipt handle is not valid.");
        }
        return { body: {} };
      }
      default:
        throw new AwsServiceError("UnknownOperationException", `${operation} is not emulated`);
    }
  }
}
