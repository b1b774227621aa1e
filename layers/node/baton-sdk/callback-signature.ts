import { createHmac } from "node:crypto";

/** The header a callback report's signature travels in. */
export const CALLBACK_SIGNATURE_HEADER = "x-baton-signature";

/**
 * The signature of a callback report, `sha256=<hex>`: an HMAC-SHA-256 under the installation's
 * callback key over the tenant, the callback id and the raw body, one per line — what the
 * engine checks on `POST /v1/callbacks/{id}`.
 *
 * @example
 * const signature = signCallback(key, { tenant: "default", callbackId }, body);
 */
export function signCallback(
  key: string,
  address: { tenant: string; callbackId: string },
  body: string,
): string {
  const signed = `${address.tenant}\n${address.callbackId}\n${body}`;
  return `sha256=${createHmac("sha256", key).update(signed).digest("hex")}`;
}
