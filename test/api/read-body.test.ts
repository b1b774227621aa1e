import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { type ServerType, serve } from "@hono/node-server";
import fc from "fast-check";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readBody } from "../../lambdas/api/read-body.ts";
import { OperationRefusedError } from "../../lambdas/core/contract/operation-refused-error.ts";

const LIMIT = 1024;

/** What readBody made of a request: its text, or the refusal's code. */
async function outcome(request: Request, limit = LIMIT): Promise<string> {
  try {
    return `text:${await readBody(request, limit)}`;
  } catch (error) {
    if (error instanceof OperationRefusedError) return `refused:${error.code}`;
    throw error;
  }
}

describe("readBody on web Requests (a Lambda event, app.request)", () => {
  it("answers the body when it is within the limit and refuses it otherwise, declared or not", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: "grapheme", maxLength: 400 }),
        fc.boolean(),
        async (text, declare) => {
          const size = Buffer.byteLength(text);
          const headers: Record<string, string> = declare ? { "content-length": String(size) } : {};
          const answer = await outcome(
            new Request("http://x/", { method: "POST", body: text, headers }),
            256,
          );
          expect(answer).toBe(size > 256 ? "refused:too-large" : `text:${text}`);
        },
      ),
    );
  });

  it("refuses a body larger than its Content-Length says when that is over the limit", async () => {
    const body = "x".repeat(LIMIT + 1);
    const understated = new Request("http://x/", {
      method: "POST",
      body,
      headers: { "content-length": "10" },
    });

    expect(await outcome(understated)).toBe("refused:too-large");
  });

  it("answers an empty text for a request without a body", async () => {
    expect(await outcome(new Request("http://x/", { method: "POST" }))).toBe("text:");
  });
});

describe("readBody behind @hono/node-server", () => {
  let server: ServerType;
  let port: number;
  beforeAll(async () => {
    const app = new Hono();
    app.post("/", async (c) => c.text(await readBody(c.req.raw, LIMIT)));
    app.onError((error, c) =>
      c.text(error.message, error instanceof OperationRefusedError ? 413 : 500),
    );
    await new Promise<void>((listening) => {
      server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => listening());
    });
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((closed) => server.close(closed));
  });

  /**
   * Posts `chunks` (with `Content-Length: declared` when given, else chunked) and, unless
   * `end`, leaves the body unfinished: an answer can then only come from a server that did
   * not wait for the rest.
   */
  function post(chunks: (string | Uint8Array)[], options: { declared?: number; end: boolean }) {
    return new Promise<{ status: number; text: string }>((answered, failed) => {
      const sent = httpRequest(
        {
          host: "127.0.0.1",
          port,
          method: "POST",
          path: "/",
          agent: false,
          headers:
            options.declared === undefined ? {} : { "content-length": String(options.declared) },
        },
        (response) => {
          let text = "";
          response.setEncoding("utf8");
          response.on("data", (chunk: string) => {
            text += chunk;
          });
          response.on("end", () => {
            sent.destroy();
            answered({ status: response.statusCode ?? 0, text });
          });
        },
      );
      sent.on("error", failed);
      sent.flushHeaders();
      for (const chunk of chunks) sent.write(chunk);
      if (options.end) sent.end();
    });
  }

  it("reads a declared body whole, multi-byte characters intact", async () => {
    const text = "审批 ✓ ".repeat(40);

    const answer = await post([text], { declared: Buffer.byteLength(text), end: true });

    expect(answer).toEqual({ status: 200, text });
  });

  it("reads a chunked body within the limit, a character split across chunks intact", async () => {
    const bytes = Buffer.from("é".repeat(300));
    const halves = [bytes.subarray(0, 301), bytes.subarray(301)];

    const answer = await post(halves, { end: true });

    expect(answer).toEqual({ status: 200, text: "é".repeat(300) });
  });

  it("refuses a declared length over the limit before any of the body is sent", async () => {
    const answer = await post([], { declared: LIMIT + 1, end: false });

    expect(answer).toEqual({ status: 413, text: `the body is larger than ${LIMIT} bytes` });
  });

  it("refuses a chunked body once it passes the limit, without waiting for its end", async () => {
    const answer = await post(["x".repeat(LIMIT), "y"], { end: false });

    expect(answer.status).toBe(413);
  });
});
