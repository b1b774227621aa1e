import { createHmac, timingSafeEqual } from "node:crypto";

/** Keeps a CSRF token's HMAC apart from the link signature made with the same key. */
const PURPOSE = "baton.link-csrf\n";

/**
 * The CSRF token of an approval link's page: an HMAC-SHA-256 of the link id under the link
 * key, sent as a hidden field. A decision is only taken from a POST carrying it, so a form on
 * another site (or a scanner that POSTs blindly) cannot decide.
 *
 * @example
 * `<input type="hidden" name="csrf" value="${linkCsrfToken(backend.secrets.linkKey, linkId)}">`
 */
export function linkCsrfToken(linkKey: string, linkId: string): string {
  return createHmac("sha256", linkKey).update(PURPOSE).update(linkId).digest("base64url");
}

/**
 * Whether a posted CSRF token is the link's (compared in constant time).
 *
 * @example
 * if (!linkCsrfHolds(key, linkId, form.get("csrf"))) return forbidden();
 */
export function linkCsrfHolds(linkKey: string, linkId: string, token: unknown): boolean {
  if (typeof token !== "string") return false;
  const expected = Buffer.from(linkCsrfToken(linkKey, linkId));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
