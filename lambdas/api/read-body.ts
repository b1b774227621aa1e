import { OperationRefusedError } from "../core/contract/operation-refused-error.ts";

/** The largest request body accepted, in bytes; larger ones are refused 413 unread. */
const MAX_BODY_BYTES = 256 * 1024;

function tooLarge(limit: number): OperationRefusedError {
  return new OperationRefusedError("too-large", `the body is larger than ${limit} bytes`);
}

/**
 * A body whose `Content-Length` is within the limit, read in one piece. The declared length
 * bounds what a server reads (Node's HTTP parser takes exactly that many bytes), and the size
 * is checked again for requests made otherwise (a Lambda event, a test's `Request`).
 * `@hono/node-server` answers `arrayBuffer()` straight from the socket, without the web stream
 * (and the full undici `Request`) that reading `body` makes it build.
 */
async function declaredBody(request: Request, limit: number): Promise<string> {
  const bytes = await request.arrayBuffer();
  if (bytes.byteLength > limit) throw tooLarge(limit);
  return Buffer.from(bytes).toString("utf8");
}

/** A body of undeclared length (chunked), streamed and refused as soon as it passes the limit. */
async function streamedBody(request: Request, limit: number): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Reads a request body as UTF-8 text, refusing `too-large` as soon as it passes `limit` bytes:
 * on a `Content-Length` that says so before reading anything, else while streaming.
 *
 * @param limit - @default MAX_BODY_BYTES (256 KiB)
 * @example
 * const text = await readBody(c.req.raw); // "" when there is no body
 */
export async function readBody(request: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = request.headers.get("content-length");
  if (declared === null) return streamedBody(request, limit);
  if (Number(declared) > limit) throw tooLarge(limit);
  return declaredBody(request, limit);
}
