import { createHmac, timingSafeEqual } from "node:crypto";

/** How far a timed signature's signing time may be from the verifier's clock, either way (seconds). */
export const TIMED_SIGNATURE_TOLERANCE_SECONDS = 300;

/** Why a timed signature was refused: not `t=…,sha256=…`, signed too long ago (or ahead), or not this key's over this content. */
export type TimedSignatureProblem = "malformed" | "stale" | "mismatch";

function mac(key: string, unixSeconds: number, content: string): string {
  return createHmac("sha256", key).update(`${unixSeconds}\n${content}`).digest("hex");
}

/**
 * The one signature scheme of Baton's HTTP messages, flow events to plugins and callback reports
 * to the engine alike: `t=<unix seconds>,sha256=<hex HMAC-SHA-256 of "{t}\n{content}">` under
 * `key`. The time is signed with the content, so a verifier can refuse a replay.
 *
 * @example
 * signTimed(key, 1796280000, body); // "t=1796280000,sha256=…"
 */
export function signTimed(key: string, unixSeconds: number, content: string): string {
  return `t=${unixSeconds},sha256=${mac(key, unixSeconds, content)}`;
}

/**
 * Why `signature` does not hold for `content` under `key` at `nowSeconds`, or `undefined` when
 * it does: well formed, signed within `toleranceSeconds` of now either way (checked first), and
 * its HMAC equal to the expected one (compared in constant time).
 *
 * @param toleranceSeconds - how far the signing time may be from now. @default 300
 * @example
 * timedSignatureProblem(key, body, request.headers["x-baton-event-signature"], Date.now() / 1000); // undefined: it holds
 */
export function timedSignatureProblem(
  key: string,
  content: string,
  signature: string | undefined,
  nowSeconds: number,
  toleranceSeconds = TIMED_SIGNATURE_TOLERANCE_SECONDS,
): TimedSignatureProblem | undefined {
  const parts = /^t=(\d{1,12}),sha256=([0-9a-f]{64})$/.exec(signature ?? "");
  if (!parts?.[1] || !parts[2]) return "malformed";
  const signedAt = Number(parts[1]);
  if (Math.abs(nowSeconds - signedAt) > toleranceSeconds) return "stale";
  const expected = Buffer.from(mac(key, signedAt, content), "hex");
  return timingSafeEqual(expected, Buffer.from(parts[2], "hex")) ? undefined : "mismatch";
}
