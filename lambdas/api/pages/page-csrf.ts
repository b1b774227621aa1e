import type { Identity } from "../identity.ts";
import { keyedHmac, keyedHmacHolds } from "../keyed-hmac.ts";

/** Keeps a page's CSRF HMAC apart from the link tokens and signatures made with the same key. */
const PURPOSE = "baton.page-csrf";

/** What a page's CSRF token is made of: who the form is for and what it does. */
function signed(identity: Identity, action: string): string {
  return `${identity.tenant}\n${identity.user}\n${action}`;
}

/**
 * The CSRF token of a signed-in page's form: an HMAC-SHA-256 under the installation's link key
 * of who the form is for (tenant and user) and what it does (`action`, e.g. `decide:{approvalId}`),
 * sent as the hidden field `csrf`. A POST is only taken with the token made for its signed-in
 * caller and action, so a form on another site — which the browser would send with the
 * caller's cookie — cannot act.
 *
 * @example
 * `<input type="hidden" name="csrf" value="${pageCsrfToken(key, identity, `decide:${id}`)}">`
 */
export function pageCsrfToken(key: string, identity: Identity, action: string): string {
  return keyedHmac(key, PURPOSE, signed(identity, action));
}

/**
 * Whether a posted token is the one {@link pageCsrfToken} makes for this caller and action
 * (compared in constant time).
 *
 * @example
 * if (!pageCsrfHolds(key, identity, `decide:${id}`, form.get("csrf"))) throw forbidden;
 */
export function pageCsrfHolds(
  key: string,
  identity: Identity,
  action: string,
  token: unknown,
): boolean {
  return keyedHmacHolds(key, PURPOSE, signed(identity, action), token);
}
