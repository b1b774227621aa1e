import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * An HMAC-SHA-256 (base64url) under `key` of `message`, kept apart from every other use of the
 * same key by its `purpose` (e.g. `baton.page-csrf`): the MAC is over `"{purpose}\n{message}"`,
 * so a value made for one purpose never holds for another.
 *
 * @example
 * const token = keyedHmac(linkKey, "baton.link-csrf", linkId);
 */
export function keyedHmac(key: string, purpose: string, message: string): string {
  return createHmac("sha256", key).update(`${purpose}\n`).update(message).digest("base64url");
}

/**
 * Whether `token` is the {@link keyedHmac} of `message` for `purpose` under `key`, compared in
 * constant time; anything but a string is not.
 *
 * @example
 * if (!keyedHmacHolds(linkKey, "baton.link-csrf", linkId, form.get("csrf"))) throw forbidden;
 */
export function keyedHmacHolds(
  key: string,
  purpose: string,
  message: string,
  token: unknown,
): boolean {
  if (typeof token !== "string") return false;
  const expected = Buffer.from(keyedHmac(key, purpose, message));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
