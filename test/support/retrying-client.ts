import { setTimeout as sleep } from "node:timers/promises";

/** What answers a request: the HTTP app's `request` (hono's), or anything shaped like it. */
export type RequestApp = {
  request(path: string, init: RequestInit): Response | Promise<Response>;
};

/**
 * A client of the HTTP API that sends a request again when it is answered 5xx, as a real
 * client does after a `500`, up to `tries` times in all, with a short pause between; it counts
 * what it sent, retried and gave up on. The identity headers are the test's (`x-test-tenant`,
 * `x-baton-user`).
 *
 * @example
 * const client = new RetryingClient(app, 5);
 * const answer = await client.send({ tenant: "t1", user: "al" }, "POST", "/v1/flows/expense/instances", { input });
 */
export class RetryingClient {
  private readonly app: RequestApp;
  private readonly tries: number;
  private readonly pauseMs: number;
  /** Requests sent, repeats included. */
  sent = 0;
  /** Requests sent again after a 5xx. */
  retried = 0;
  /** Requests still answered 5xx after the last try. */
  gaveUp = 0;

  /**
   * @param tries - attempts per request, the first included
   * @param pauseMs - the wait before sending again. @default 5
   */
  constructor(app: RequestApp, tries: number, pauseMs = 5) {
    this.app = app;
    this.tries = tries;
    this.pauseMs = pauseMs;
  }

  async send(
    as: { tenant: string; user: string },
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    for (let attempt = 1; ; attempt += 1) {
      this.sent += 1;
      const answer = await this.app.request(path, {
        method,
        headers: {
          "x-test-tenant": as.tenant,
          "x-baton-user": as.user,
          "content-type": "application/json",
          ...headers,
        },
        ...(body === undefined
          ? {}
          : { body: typeof body === "string" ? body : JSON.stringify(body) }),
      });
      if (answer.status < 500) return answer;
      if (attempt >= this.tries) {
        this.gaveUp += 1;
        return answer;
      }
      this.retried += 1;
      await sleep(this.pauseMs);
    }
  }
}
