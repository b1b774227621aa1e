import {
  signTimed,
  TIMED_SIGNATURE_TOLERANCE_SECONDS,
  type TimedSignatureProblem,
  timedSignatureProblem,
} from "./timed-signature.ts";

/** The header a callback's signature travels in: `t=<unix seconds>,sha256=<hex HMAC>`. */
export const CALLBACK_SIGNATURE_HEADER = "x-baton-signature";

/** How far a report's signing time may be from the engine's clock, either way (seconds). */
export const CALLBACK_SIGNATURE_TOLERANCE_SECONDS = TIMED_SIGNATURE_TOLERANCE_SECONDS;

/** What a callback signature is bound to besides the body: the callback it reports on. */
export interface CallbackAddress {
  tenant: string;
  callbackId: string;
}

/**
 * Why a callback report's signature was refused: not `t=<unix seconds>,sha256=<hex>` (missing, or
 * the format before signing times), signed too long ago or too far ahead, or not made with the
 * callback key over this time, callback and body.
 */
export type CallbackSignatureProblem = TimedSignatureProblem;

/** What the API answers (401) for each {@link CallbackSignatureProblem}. */
export const CALLBACK_SIGNATURE_REFUSALS: Readonly<Record<CallbackSignatureProblem, string>> = {
  malformed: `the callback signature must be ${CALLBACK_SIGNATURE_HEADER}: t=<unix seconds>,sha256=<hex HMAC-SHA-256 of t, tenant, callback id and raw body, one per line>`,
  stale: `the callback signature is too old or from the future (more than ${CALLBACK_SIGNATURE_TOLERANCE_SECONDS} s from the engine's clock)`,
  mismatch: "the callback signature does not hold",
};

/** What a report's signature covers besides its time: the tenant, the callback id and the raw body. */
function signedContent(address: CallbackAddress, body: string): string {
  return `${address.tenant}\n${address.callbackId}\n${body}`;
}

/**
 * The signature of a callback report sent at `unixSeconds` under the installation's callback
 * key: `t=<unix seconds>,sha256=<hex HMAC-SHA-256 of "{t}\n{tenant}\n{callbackId}\n{raw body}">`,
 * so that a signed report cannot be replayed on another callback or tenant, nor later than
 * {@link CALLBACK_SIGNATURE_TOLERANCE_SECONDS} after it was signed.
 *
 * @example
 * const signature = signCallback(key, { tenant: "default", callbackId }, body, Math.floor(Date.now() / 1000));
 * fetch(url, { method: "POST", body, headers: { "x-baton-signature": signature } });
 */
export function signCallback(
  key: string,
  address: CallbackAddress,
  body: string,
  unixSeconds: number,
): string {
  return signTimed(key, unixSeconds, signedContent(address, body));
}

/**
 * Why a callback report's signature does not hold, or `undefined` when it does: well formed,
 * signed at most `toleranceSeconds` before or after `nowSeconds`, and made with `key` over that
 * time, this callback and this raw body (compared in constant time).
 *
 * @param toleranceSeconds - how far the signing time may be from now. @default 300
 * @example
 * const problem = callbackSignatureProblem(key, { tenant, callbackId }, body, header, nowSeconds);
 * if (problem) throw new OperationRefusedError("unauthenticated", CALLBACK_SIGNATURE_REFUSALS[problem]);
 */
export function callbackSignatureProblem(
  key: string,
  address: CallbackAddress,
  body: string,
  signature: string | undefined,
  nowSeconds: number,
  toleranceSeconds = CALLBACK_SIGNATURE_TOLERANCE_SECONDS,
): CallbackSignatureProblem | undefined {
  return timedSignatureProblem(
    key,
    signedContent(address, body),
    signature,
    nowSeconds,
    toleranceSeconds,
  );
}
