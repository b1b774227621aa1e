import { createHmac } from "node:crypto";

/** The header a callback report's signature travels in. */
export const CALLBACK_SIGNATURE_HEADER = "x-baton-signature";

/**
 * The signature of a callback report sent at `timestamp` (unix seconds),
 * `t=<timestamp>,sha256=<hex>`: an HMAC-SHA-256 under the installation's callback key over the
 * time, the tenant, the callback id and the raw body, one per line — what the engine checks on
 * `POST /v1/callbacks/{id}`, refusing a time more than 5 minutes from its clock either way.
 *
 * @example
 * const signature = signCallback(key, { tenant: "default", callbackId }, body, Math.floor(Date.now() / 1000));
 */
export function signCallback(
  key: string,
  address: { tenant: string; callbackId: string },
  body: string,
  timestamp: number,
): string {
  const signed = `${timestamp}\n${address.tenant}\n${address.callbackId}\n${body}`;
  return `t=${timestamp},sha256=${createHmac("sha256", key).update(signed).digest("hex")}`;
}
