import { keyedHmac, keyedHmacHolds } from "./keyed-hmac.ts";

/** Keeps a CSRF token's HMAC apart from the link signature made with the same key. */
const PURPOSE = "baton.link-csrf";

/**
 * The CSRF token of an approval link's page: an HMAC-SHA-256 of the link id under the link
 * key, sent as a hidden field. A decision is only taken from a POST carrying it, so a form on
 * another site (or a scanner that POSTs blindly) cannot decide.
 *
 * @example
 * `<input type="hidden" name="csrf" value="${linkCsrfToken(backend.secrets.linkKey, linkId)}">`
 */
export function linkCsrfToken(linkKey: string, linkId: string): string {
  return keyedHmac(linkKey, PURPOSE, linkId);
}

/**
 * Whether a posted CSRF token is the link's (compared in constant time).
 *
 * @example
 * if (!linkCsrfHolds(key, linkId, form.get("csrf"))) return forbidden();
 */
export function linkCsrfHolds(linkKey: string, linkId: string, token: unknown): boolean {
  return keyedHmacHolds(linkKey, PURPOSE, linkId, token);
}
