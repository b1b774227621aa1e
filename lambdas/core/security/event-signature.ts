import { createHmac, timingSafeEqual } from "node:crypto";

/** The header an event delivered over HTTP carries its signature in. */
export const EVENT_SIGNATURE_HEADER = "x-baton-event-signature";

/** How old a signature may be before a receiver refuses it (seconds). */
export const EVENT_SIGNATURE_TOLERANCE_SECONDS = 300;

function mac(secret: string, unixSeconds: number, body: string): string {
  return createHmac("sha256", secret).update(`${unixSeconds}\n${body}`).digest("hex");
}

/**
 * The `x-baton-event-signature` value of an event body sent at `unixSeconds`:
 * `t=<unix seconds>,sha256=<hex HMAC-SHA-256 of "{t}\n{raw body}">` under the plugin's
 * secret. The time is signed with the body, so a receiver can refuse a replayed delivery.
 *
 * @example
 * const body = JSON.stringify(envelope);
 * const signature = signEvent(secret, body, Math.floor(Date.now() / 1000));
 * await fetch(url, { method: "POST", body, headers: { "x-baton-event-signature": signature } });
 */
export function signEvent(secret: string, body: string, unixSeconds: number): string {
  return `t=${unixSeconds},sha256=${mac(secret, unixSeconds, body)}`;
}

/**
 * Whether a delivered event's signature holds: well formed, made with `secret` over this raw
 * body (compared in constant time), and signed at most `toleranceSeconds` before (or after,
 * for clock skew) `nowSeconds`.
 *
 * @param toleranceSeconds - how far the signing time may be from now. @default 300
 * @example
 * if (!verifyEvent(secret, rawBody, request.headers["x-baton-event-signature"], Date.now() / 1000)) return 401;
 */
export function verifyEvent(
  secret: string,
  body: string,
  signature: string | undefined,
  nowSeconds: number,
  toleranceSeconds = EVENT_SIGNATURE_TOLERANCE_SECONDS,
): boolean {
  const parts = /^t=(\d{1,12}),sha256=([0-9a-f]{64})$/.exec(signature ?? "");
  if (!parts?.[1] || !parts[2]) return false;
  const signedAt = Number(parts[1]);
  if (Math.abs(nowSeconds - signedAt) > toleranceSeconds) return false;
  const expected = Buffer.from(mac(secret, signedAt, body), "hex");
  return timingSafeEqual(expected, Buffer.from(parts[2], "hex"));
}
