import { isCheckedId } from "../../core/operations/checked-id.ts";
import type { Identity } from "../identity.ts";
import { cookieValue } from "./page-locale.ts";
import {
  type CookieScope,
  setCookie,
  signedCookiePayload,
  signedCookieValue,
} from "./signed-cookie.ts";

/** The cookie that holds a signed-in person's page session. */
export const SESSION_COOKIE = "baton_session";

/** How long a page session lasts when nothing else is configured: 8 hours. */
export const SESSION_SECONDS = 8 * 60 * 60;

/** Keeps a session cookie's HMAC apart from every other use of the session key. */
const PURPOSE = "baton.page-session";

/** Where the session cookie is sent: the pages only, never the JSON API. */
const SESSION_PATH = "/ui";

/**
 * The `Set-Cookie` header of a page session: the tenant, user and expiry (`exp`, Unix seconds)
 * signed with the session key, HttpOnly, SameSite=Lax, `Path=/ui` (so no `/v1` call carries
 * it), Secure unless `secure` is false, and kept by the browser until it expires.
 *
 * @example
 * c.header("Set-Cookie", sessionCookie(key, { tenant: "acme", user: "al" }, expires, true), { append: true });
 */
export function sessionCookie(
  key: string,
  identity: Identity,
  expires: Date,
  secure: boolean,
  now: Date = new Date(),
): string {
  const exp = Math.floor(expires.getTime() / 1000);
  const value = signedCookieValue(key, PURPOSE, { t: identity.tenant, u: identity.user, exp });
  const maxAge = Math.max(0, Math.floor((expires.getTime() - now.getTime()) / 1000));
  return setCookie(SESSION_COOKIE, value, maxAge, { path: SESSION_PATH, secure });
}

/**
 * The `Set-Cookie` header that ends a page session.
 *
 * @example
 * c.header("Set-Cookie", clearedSessionCookie(true), { append: true });
 */
export function clearedSessionCookie(secure: boolean): string {
  const scope: CookieScope = { path: SESSION_PATH, secure };
  return setCookie(SESSION_COOKIE, "", 0, scope);
}

/** One cookie's value, or `undefined` when it is missing or not URI-decodable (not Baton's). */
export function readCookie(cookieHeader: string | null, name: string): string | undefined {
  try {
    return cookieValue(cookieHeader, name);
  } catch {
    return undefined;
  }
}

/**
 * Who the request's session cookie names, or `undefined` when it has none, or one whose MAC
 * does not hold under `key`, that is malformed, or that expired by `now`.
 *
 * @example
 * const identity = sessionIdentity(key, request.headers.get("cookie"), clock.now());
 */
export function sessionIdentity(
  key: string,
  cookieHeader: string | null,
  now: Date,
): Identity | undefined {
  const payload = signedCookiePayload(key, PURPOSE, readCookie(cookieHeader, SESSION_COOKIE));
  if (!payload) return undefined;
  const { t: tenant, u: user, exp } = payload;
  if (!isCheckedId(tenant) || !isCheckedId(user) || typeof exp !== "number") return undefined;
  return exp * 1000 > now.getTime() ? { tenant, user } : undefined;
}
