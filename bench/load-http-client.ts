import { Agent, request } from "node:http";

/**
 * The headers `fetch` (undici) adds to every request: sent too, so that the engine parses the
 * same requests as when the driver used `fetch`.
 */
const FETCH_HEADERS: Readonly<Record<string, string>> = {
  accept: "*/*",
  "accept-language": "*",
  "sec-fetch-mode": "cors",
  "user-agent": "node",
  "accept-encoding": "gzip, deflate",
};

/**
 * The most connections the driver opens to the engine, all kept open between requests: under
 * the listen backlog of `baton dev`'s server (Node's 511). With no cap the driver opened a
 * connection for each of up to 1,000 requests at once; the backlog overflowed, the kernel
 * dropped their SYNs, and each retried 1 s or 3 s later, which put a decision → next wait p99
 * of 1–2 s into some runs (docs/benchmarks.md).
 */
const MAX_SOCKETS = 256;

/** An answer read whole. */
export interface HttpAnswer {
  status: number;
  text: string;
}

/**
 * The load benchmark driver's HTTP client: `node:http` over one keep-alive `Agent` of at most
 * {@link MAX_SOCKETS} connections, kept open between requests, and `fetch`'s headers, so that
 * the engine parses the same requests as before. It costs the driver several times less CPU per
 * request than `fetch` (undici's web streams and `Response`s), which leaves the second core
 * to the driver rather than taking from the engine's.
 *
 * @example
 * const client = new LoadHttpClient("http://127.0.0.1:3000");
 * const { status, text } = await client.send("GET", "/healthz");
 * client.close();
 */
export class LoadHttpClient {
  private readonly agent = new Agent({
    keepAlive: true,
    maxSockets: MAX_SOCKETS,
    maxFreeSockets: MAX_SOCKETS,
  });
  private readonly host: string;
  private readonly port: number;

  /** @param origin - where the engine listens, e.g. `http://127.0.0.1:40123` */
  constructor(origin: string) {
    const url = new URL(origin);
    this.host = url.hostname;
    this.port = Number(url.port);
  }

  /**
   * Sends `method path` with `headers`, {@link FETCH_HEADERS} and, when given, `body` (its
   * `Content-Length` set, as `fetch` sets it), and resolves with the answer read whole.
   */
  send(
    method: "GET" | "POST",
    path: string,
    headers: Record<string, string> = {},
    body?: string,
  ): Promise<HttpAnswer> {
    return new Promise((answered, failed) => {
      const sent = request(
        {
          agent: this.agent,
          host: this.host,
          port: this.port,
          method,
          path,
          headers: {
            ...headers,
            ...FETCH_HEADERS,
            ...(body === undefined ? {} : { "content-length": String(Buffer.byteLength(body)) }),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("error", failed);
          response.on("end", () =>
            answered({
              status: response.statusCode ?? 0,
              text: Buffer.concat(chunks).toString("utf8"),
            }),
          );
        },
      );
      sent.on("error", failed);
      sent.end(body);
    });
  }

  /** Closes the kept-alive sockets. */
  close(): void {
    this.agent.destroy();
  }
}
