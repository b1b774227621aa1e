import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { type LoopbackListener, listenOnLoopback } from "../loopback-listen.ts";

/** One HTTP request as an AWS SDK v3 client sent it. */
export interface ProtocolRequest {
  method: string;
  /** The path without the query string, URL-decoded per segment by the service. */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: string;
}

/** What a service answers: a status, headers and a body (JSON unless a string is given). */
export interface ProtocolResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * An error a service answers in AWS's JSON error shape: `x-amzn-errortype` and `__type` carry
 * the code (the SDK throws an error of that name), `message` the text.
 *
 * @example
 * throw new AwsServiceError("ExecutionDoesNotExist", "no execution x");
 */
export class AwsServiceError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(code: string, message: string, status = 400) {
    super(message);
    this.name = "AwsServiceError";
    this.code = code;
    this.status = status;
  }
}

/** A service emulator listening on loopback until stopped. */
export type ProtocolServer = LoopbackListener;

async function read(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function send(response: ServerResponse, answer: ProtocolResponse): void {
  const text =
    answer.body === undefined
      ? ""
      : typeof answer.body === "string"
        ? answer.body
        : JSON.stringify(answer.body);
  response.writeHead(answer.status ?? 200, {
    "content-type": "application/json",
    "x-amzn-requestid": crypto.randomUUID(),
    ...answer.headers,
  });
  response.end(text);
}

/**
 * Serves one AWS service's wire protocol on a free loopback port: each request is read whole
 * and handed to `handle`; an {@link AwsServiceError} it throws becomes AWS's JSON error answer
 * (what `awsJson1_0`, `awsJson1_1` and `restJson1` clients all parse), anything else a 500
 * `InternalFailure` (the SDK retries those, then throws).
 *
 * @example
 * const server = await serveAwsProtocol(async (request) => ({ body: {} }));
 * process.env.AWS_ENDPOINT_URL_SFN = server.endpoint;
 */
export async function serveAwsProtocol(
  handle: (request: ProtocolRequest) => Promise<ProtocolResponse>,
): Promise<ProtocolServer> {
  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? "/", "http://127.0.0.1");
      try {
        const answer = await handle({
          method: request.method ?? "GET",
          path: url.pathname,
          query: url.searchParams,
          headers: request.headers,
          body: await read(request),
        });
        send(response, answer);
      } catch (error) {
        const known = error instanceof AwsServiceError;
        const code = known ? error.code : "InternalFailure";
        send(response, {
          status: known ? error.status : 500,
          headers: { "x-amzn-errortype": code },
          body: { __type: code, message: error instanceof Error ? error.message : String(error) },
        });
      }
    })();
  });
  server.keepAliveTimeout = 1000;
  return listenOnLoopback(server);
}

/**
 * One operation of an `awsJson` request, named by `X-Amz-Target`
 * (`AWSStepFunctions.StartExecution` → `StartExecution`), with its body parsed as that
 * operation's request. `Requests` maps each operation a service emulates to its request's
 * shape; a request for another operation comes through too, named as sent, for the service to
 * refuse.
 */
export type JsonOperation<Requests> = {
  [Operation in keyof Requests]: { operation: Operation; input: Requests[Operation] };
}[keyof Requests];

/**
 * Reads an `awsJson` request as the operation its target names.
 *
 * @example
 * const { operation, input } = jsonOperation<{ PutEvents: { Entries: PutEventsEntry[] } }>(request);
 */
export function jsonOperation<Requests>(request: ProtocolRequest): JsonOperation<Requests> {
  const target = String(request.headers["x-amz-target"] ?? "");
  return {
    operation: target.slice(target.indexOf(".") + 1),
    input: request.body === "" ? {} : JSON.parse(request.body),
  } as JsonOperation<Requests>;
}
