import { createHmac, timingSafeEqual } from "node:crypto";

/** The header a callback's signature travels in: `sha256=<hex HMAC of the raw body>`. */
export const CALLBACK_SIGNATURE_HEADER = "x-baton-signature";

/**
 * The signature of a callback body under the installation's callback key.
 *
 * @example
 * fetch(url, { method: "POST", body, headers: { "x-baton-signature": signCallback(key, body) } });
 */
export function signCallback(key: string, body: string): string {
  return `sha256=${createHmac("sha256", key).update(body).digest("hex")}`;
}

/**
 * Whether a callback body carries a valid signature (compared in constant time).
 *
 * @example
 * if (!verifyCallback(key, body, request.header("x-baton-signature"))) return unauthorized();
 */
export function verifyCallback(key: string, body: string, signature: string | undefined): boolean {
  if (!signature) return false;
  const expected = Buffer.from(signCallback(key, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
