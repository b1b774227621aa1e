import { OperationRefusedError } from "../core/contract/operation-refused-error.ts";

/** The largest request body accepted, in bytes; larger ones are refused 413 unread. */
const MAX_BODY_BYTES = 256 * 1024;

function tooLarge(limit: number): OperationRefusedError {
  return new OperationRefusedError("too-large", `the body is larger than ${limit} bytes`);
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
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > limit) throw tooLarge(limit);
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
