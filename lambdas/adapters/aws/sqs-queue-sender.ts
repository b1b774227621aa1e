import { SendMessageCommand, SQSClient, type SQSClientConfig } from "@aws-sdk/client-sqs";
import { QueueRefusedError } from "../../core/ports/queue-refused-error.ts";
import type { QueueMessage, QueueSender } from "../../core/ports/queue-sender.ts";

/** How {@link SqsQueueSender} reaches SQS. */
export interface SqsQueueSenderOptions {
  /**
   * Where every SQS call goes, e.g. LocalStack's `http://localhost:4566`.
   *
   * @default the SDK's: `AWS_ENDPOINT_URL_SQS`, else `AWS_ENDPOINT_URL`, else the queue's
   * region's endpoint
   */
  endpoint?: string;
  /**
   * How long one `SendMessage` may take, connecting included (ms).
   *
   * @default 10000
   */
  timeoutMs?: number;
}

/** The error of an SDK call, as much of it as says what went wrong. */
interface SdkError {
  name?: string;
  code?: string;
  $fault?: "client" | "server";
  $retryable?: unknown;
}

/**
 * Client errors that a later attempt may not meet: SQS and KMS slowing the sender down, and
 * credentials that expired or are not (yet) known — an SSO session to sign in to again, a
 * role's keys being rotated — which the SDK's credential chain may have fresh by then.
 */
const RETRIED_CLIENT_ERRORS = new Set([
  "ThrottlingException",
  "RequestThrottled",
  "KmsThrottled",
  "ExpiredToken",
  "ExpiredTokenException",
  "RequestExpired",
  "UnrecognizedClientException",
  "InvalidClientTokenId",
]);

/** The error `send` throws for an SDK error: final for a client fault, else worth retrying. */
function sendError(error: unknown): Error {
  const sdk = (typeof error === "object" && error !== null ? error : {}) as SdkError;
  const name = sdk.name ?? "Error";
  if (sdk.$fault === "client" && !sdk.$retryable && !RETRIED_CLIENT_ERRORS.has(name)) {
    return new QueueRefusedError(name);
  }
  const why = sdk.$fault === undefined && typeof sdk.code === "string" ? sdk.code : name;
  return new Error(`SQS did not take the message (${why})`);
}

/**
 * {@link QueueSender} on Amazon SQS through the AWS SDK v3: `SendMessage` to the queue's URL
 * (`sqsQueueAddress`), with a client per region — the queue's, from its ARN — and the SDK's
 * credentials chain. Each call is one attempt (`maxAttempts: 1`): the caller (the local bus)
 * owns retries, as it does a webhook's. The request goes to the client's endpoint, not to the
 * URL's host (`useQueueUrlAsEndpoint: false`), so `AWS_ENDPOINT_URL_SQS` sends it to LocalStack
 * or an emulator while `QueueUrl` keeps naming the queue. A client fault (the queue does not
 * exist, access or its KMS key denied, a message refused) throws `QueueRefusedError`; a server
 * fault, throttling, expired or unknown credentials, a timeout or a network error a plain
 * `Error` naming its code.
 *
 * @example
 * const sender = new SqsQueueSender({ endpoint: "http://localhost:4566" });
 * await sender.send({ queue: sqsQueueAddress("events", arn), body });
 */
export class SqsQueueSender implements QueueSender {
  readonly #clients = new Map<string, SQSClient>();
  readonly #config: SQSClientConfig;

  constructor(options: SqsQueueSenderOptions = {}) {
    const timeout = options.timeoutMs ?? 10_000;
    this.#config = {
      maxAttempts: 1,
      useQueueUrlAsEndpoint: false,
      requestHandler: { connectionTimeout: timeout, requestTimeout: timeout },
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    };
  }

  async send(message: QueueMessage): Promise<void> {
    try {
      await this.#client(message.queue.region).send(
        new SendMessageCommand({ QueueUrl: message.queue.url, MessageBody: message.body }),
      );
    } catch (error) {
      throw sendError(error);
    }
  }

  /** Closes every client's connections. */
  destroy(): void {
    for (const client of this.#clients.values()) client.destroy();
    this.#clients.clear();
  }

  #client(region: string): SQSClient {
    let client = this.#clients.get(region);
    if (!client) {
      client = new SQSClient({ ...this.#config, region });
      this.#clients.set(region, client);
    }
    return client;
  }
}
