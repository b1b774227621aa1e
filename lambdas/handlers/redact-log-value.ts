/** What a secret is replaced with in a log line. */
export const REDACTED = "[redacted]";

/**
 * Keys whose values are secrets wherever they appear (compared lower-cased): task tokens, link
 * ids, the callback signature header, the callers' credentials (bearer tokens, cookies) and the
 * backend's signing keys.
 */
const SECRET_KEYS: ReadonlySet<string> = new Set([
  "token",
  "tasktoken",
  "linkid",
  "x-baton-signature",
  "authorization",
  "cookie",
  "callbackkey",
  "linkkey",
  "auditkey",
]);

/** An approval link's path segment (`/a/{linkId}`), in a URL or a path. */
const LINK_PATH = /\/a\/[^/?#\s"']+/g;

/**
 * A `JSON.stringify` replacer that keeps secrets out of log lines: the value of a secret key
 * is replaced whole, and in every string the id of an approval link path (`/a/{linkId}`) is
 * masked. Request ids, ARNs and stack traces stay readable. The handlers' logger runs every
 * line through it (Powertools' `jsonReplacerFn`); operations never put a token or link id in
 * an error message.
 *
 * @example
 * JSON.stringify({ token: "AQC…", link: "https://baton.example.com/a/7QK2" }, redactLogValue);
 * // '{"token":"[redacted]","link":"https://baton.example.com/a/[redacted]"}'
 */
export function redactLogValue(key: string, value: unknown): unknown {
  if (SECRET_KEYS.has(key.toLowerCase())) return REDACTED;
  if (typeof value === "string") return value.replace(LINK_PATH, `/a/${REDACTED}`);
  return value;
}
