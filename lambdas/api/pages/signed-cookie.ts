import { keyedHmac, keyedHmacHolds } from "../keyed-hmac.ts";
import { isLoopbackName } from "../loopback-name.ts";

/** How a cookie Baton sets is sent back. */
export interface CookieScope {
  /** The path the browser sends it to. */
  path: string;
  /** Only over https: every installation but one served on loopback http. */
  secure: boolean;
}

/**
 * A cookie's value that nobody without `key` can make or change: the payload as base64url JSON,
 * a dot, and its {@link keyedHmac} for `purpose`. It is readable, not secret: put nothing in it
 * the browser may not see.
 *
 * @example
 * const value = signedCookieValue(key, "baton.page-session", { t: "acme", u: "al", exp });
 */
export function signedCookieValue(key: string, purpose: string, payload: object): string {
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${body}.${keyedHmac(key, purpose, body)}`;
}

/**
 * The payload of a {@link signedCookieValue} whose MAC holds for `purpose`, or `undefined`
 * for a missing, tampered, foreign or malformed value.
 *
 * @example
 * const payload = signedCookiePayload(key, "baton.page-session", cookieValue(header, "baton_session"));
 */
export function signedCookiePayload(
  key: string,
  purpose: string,
  value: string | undefined,
): Record<string, unknown> | undefined {
  const [body, mac, extra] = (value ?? "").split(".");
  if (!body || extra !== undefined || !keyedHmacHolds(key, purpose, body, mac)) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
    return typeof payload === "object" && payload !== null && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A `Set-Cookie` header for a cookie scripts cannot read (HttpOnly), sent on same-site requests
 * and top-level navigations (SameSite=Lax), for `maxAge` seconds (0 removes it).
 *
 * @example
 * c.header("Set-Cookie", setCookie("baton_session", value, 28800, { path: "/ui", secure: true }), { append: true });
 */
export function setCookie(name: string, value: string, maxAge: number, scope: CookieScope): string {
  const secure = scope.secure ? "; Secure" : "";
  return `${name}=${value}; Path=${scope.path}; Max-Age=${maxAge}; HttpOnly${secure}; SameSite=Lax`;
}

/** Whether cookies for an installation at `publicUrl` must be Secure: all but loopback http. */
export function secureCookies(publicUrl: string): boolean {
  const url = new URL(publicUrl);
  return !(url.protocol === "http:" && isLoopbackName(url.hostname));
}
