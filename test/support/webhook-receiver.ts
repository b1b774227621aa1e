import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the receiver was sent. */
export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Where the receiver listens and how it answers. */
export interface WebhookReceiverOptions {
  /** The path of `url`, as a plugin's webhook URL names it. @default "/hook" */
  path?: string;
  /**
   * The status of the answer to a request.
   * @default the next of `statuses`, then 200
   */
  answer?: (request: ReceivedRequest) => number;
}

/**
 * An HTTP receiver for webhook plugins on 127.0.0.1 and a free port: it keeps every request it
 * is sent, in order, and answers each with the status `answer` gives (by default, the next of
 * `statuses`, then 200).
 *
 * @example
 * const receiver = new WebhookReceiver({ path: "/hooks/ci" });
 * await receiver.start();
 * receiver.reset([503]); // the next request is answered 503, the ones after it 200
 * webhookPlugin({ name: "ci", url: receiver.url, secret });
 * await receiver.stop();
 */
export class WebhookReceiver {
  readonly received: ReceivedRequest[] = [];
  /** The statuses of the next answers, in turn, when no `answer` is given. */
  statuses: number[] = [];
  private readonly path: string;
  private readonly server: Server;

  constructor({ path = "/hook", answer }: WebhookReceiverOptions = {}) {
    this.path = path;
    this.server = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      request.on("end", () => {
        const received = { path: request.url ?? "", headers: request.headers, body };
        this.received.push(received);
        response.statusCode = answer ? answer(received) : (this.statuses.shift() ?? 200);
        response.end();
      });
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
  }

  /** The receiver's URL with its path; read once it has started. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${this.path}`;
  }

  /** Forgets what was received; the next answers are `statuses`, then 200. */
  reset(statuses: number[] = []): void {
    this.received.length = 0;
    this.statuses = statuses;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
