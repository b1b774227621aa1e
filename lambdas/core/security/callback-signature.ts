import { createHmac, timingSafeEqual } from "node:crypto";

/** The header a callback's signature travels in: `sha256=<hex HMAC>`. */
export const CALLBACK_SIGNATURE_HEADER = "x-baton-signature";

/** What a callback signature is bound to besides the body: the callback it reports on. */
export interface CallbackAddress {
  tenant: string;
  callbackId: string;
}

/**
 * The signature of a callback report under the installation's callback key: an HMAC-SHA-256
 * over the tenant, the callback id and the raw body (one per line), so that a signed report
 * cannot be replayed on another callback or tenant.
 *
 * @example
 * const signature = signCallback(key, { tenant: "default", callbackId }, body);
 * fetch(url, { method: "POST", body, headers: { "x-baton-signature": signature } });
 */
export function signCallback(key: string, address: CallbackAddress, body: string): string {
  const signed = `${address.tenant}\n${address.callbackId}\n${body}`;
  return `sha256=${createHmac("sha256", key).update(signed).digest("hex")}`;
}

/**
 * Whether a callback report carries a valid signature for this callback (compared in
 * constant time).
 *
 * @example
 * if (!verifyCallback(key, { tenant, callbackId }, body, request.header("x-baton-signature"))) return unauthorized();
 */
export function verifyCallback(
  key: string,
  address: CallbackAddress,
  body: string,
  signature: string | undefined,
): boolean {
  if (!signature) return false;
  const expected = Buffer.from(signCallback(key, address, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
