import { createHash, randomBytes } from "node:crypto";
import { readCookie } from "./page-session.ts";
import { setCookie, signedCookiePayload, signedCookieValue } from "./signed-cookie.ts";

/** The cookie that carries one sign-in from `/ui/sign-in` to `/ui/signed-in`. */
export const SIGN_IN_COOKIE = "baton_sign_in";

/** How long a sign-in may take at the provider: 10 minutes. */
export const SIGN_IN_SECONDS = 10 * 60;

/** Keeps a sign-in cookie's HMAC apart from the session's, made with the same key. */
const PURPOSE = "baton.sign-in";

/** The only path the sign-in cookie is sent to: the redirect URI. */
const SIGN_IN_PATH = "/ui/signed-in";

/** What one sign-in started with, kept in the browser until the provider sends it back. */
export interface SignInState {
  /** The OAuth `state`: the return must carry it. */
  state: string;
  /** The PKCE code verifier; the provider saw only its S256 challenge. */
  verifier: string;
  /** The OpenID `nonce` the ID token must carry. */
  nonce: string;
  /** The page to open once signed in (a checked `/ui…` path). */
  next: string;
  /** When the sign-in stops being accepted, in Unix seconds. */
  exp: number;
}

const random = () => randomBytes(32).toString("base64url");

/**
 * A fresh sign-in: random `state`, PKCE verifier and nonce (256 bits each), for `next`, valid
 * {@link SIGN_IN_SECONDS} from `now`.
 *
 * @example
 * const started = newSignInState("/ui/inbox", clock.now());
 */
export function newSignInState(next: string, now: Date): SignInState {
  const exp = Math.floor(now.getTime() / 1000) + SIGN_IN_SECONDS;
  return { state: random(), verifier: random(), nonce: random(), next, exp };
}

/**
 * The PKCE S256 challenge of a verifier: base64url of its SHA-256 (RFC 7636 §4.2).
 *
 * @example
 * codeChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"); // "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
 */
export function codeChallenge(verifier: string): string {
  return createHash("sha256").update(verifier).digest("base64url");
}

/**
 * The `Set-Cookie` header carrying a sign-in: signed with the session key, HttpOnly,
 * SameSite=Lax (the provider's redirect back is a top-level navigation, which Lax lets
 * through), sent only to `/ui/signed-in`, for {@link SIGN_IN_SECONDS}.
 *
 * @example
 * c.header("Set-Cookie", signInCookie(key, started, secure), { append: true });
 */
export function signInCookie(key: string, started: SignInState, secure: boolean): string {
  const value = signedCookieValue(key, PURPOSE, started);
  return setCookie(SIGN_IN_COOKIE, value, SIGN_IN_SECONDS, { path: SIGN_IN_PATH, secure });
}

/**
 * The `Set-Cookie` header that removes the sign-in cookie (a sign-in is used once).
 *
 * @example
 * c.header("Set-Cookie", clearedSignInCookie(secure), { append: true });
 */
export function clearedSignInCookie(secure: boolean): string {
  return setCookie(SIGN_IN_COOKIE, "", 0, { path: SIGN_IN_PATH, secure });
}

/**
 * The sign-in the request's cookie carries, or `undefined` when there is none, its MAC does not
 * hold, it is malformed, or it expired by `now`.
 *
 * @example
 * const started = signInStateOf(key, request.headers.get("cookie"), clock.now());
 */
export function signInStateOf(
  key: string,
  cookieHeader: string | null,
  now: Date,
): SignInState | undefined {
  const payload = signedCookiePayload(key, PURPOSE, readCookie(cookieHeader, SIGN_IN_COOKIE));
  if (!payload) return undefined;
  const { state, verifier, nonce, next, exp } = payload;
  const strings = [state, verifier, nonce, next];
  if (!strings.every((value) => typeof value === "string") || typeof exp !== "number") {
    return undefined;
  }
  if (exp * 1000 <= now.getTime()) return undefined;
  return { state, verifier, nonce, next, exp } as SignInState;
}
