import {
  signTimed,
  TIMED_SIGNATURE_TOLERANCE_SECONDS,
  timedSignatureProblem,
} from "./timed-signature.ts";

/** The header an event delivered over HTTP carries its signature in. */
export const EVENT_SIGNATURE_HEADER = "x-baton-event-signature";

/** How old a signature may be before a receiver refuses it (seconds). */
export const EVENT_SIGNATURE_TOLERANCE_SECONDS = TIMED_SIGNATURE_TOLERANCE_SECONDS;

/**
 * The `x-baton-event-signature` value of an event body sent at `unixSeconds`:
 * `t=<unix seconds>,sha256=<hex HMAC-SHA-256 of "{t}\n{raw body}">` under the plugin's
 * secret ({@link signTimed}). The time is signed with the body, so a receiver can refuse a
 * replayed delivery.
 *
 * @example
 * const body = JSON.stringify(envelope);
 * const signature = signEvent(secret, body, Math.floor(Date.now() / 1000));
 * await fetch(url, { method: "POST", body, headers: { "x-baton-event-signature": signature } });
 */
export function signEvent(secret: string, body: string, unixSeconds: number): string {
  return signTimed(secret, unixSeconds, body);
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
  return timedSignatureProblem(secret, body, signature, nowSeconds, toleranceSeconds) === undefined;
}
