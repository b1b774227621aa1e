import type { Context, Hono } from "hono";
import type { Backend } from "../../../core/backend/backend.ts";
import type { ApiEnv } from "../../api-env.ts";
import { IdentityProviderError, SignInRefusedError } from "../../oidc/sign-in-errors.ts";
import { escapeHtml } from "../../pages/escape-html.ts";
import { type PageDeps, pageRequest, SIGN_OUT_ACTION } from "../../pages/page-context.ts";
import { clearedSessionCookie, SESSION_SECONDS, sessionCookie } from "../../pages/page-session.ts";
import type { PageSignIn } from "../../pages/page-sign-in.ts";
import { DEFAULT_NEXT, safeNext } from "../../pages/sign-in-next.ts";
import {
  clearedSignInCookie,
  codeChallenge,
  newSignInState,
  signInCookie,
  signInStateOf,
} from "../../pages/sign-in-state.ts";
import { SIGN_IN_TEXT } from "../../pages/sign-in-text.ts";
import { secureCookies } from "../../pages/signed-cookie.ts";
import { readBody } from "../../read-body.ts";

/** The redirect URI registered at the provider, under the installation's public URL. */
export const SIGNED_IN_PATH = "/ui/signed-in";

/** The sign-in page of `next`: where a page opened by nobody sends the browser. */
export function signInPath(next: string): string {
  return `/ui/sign-in?${new URLSearchParams({ next: safeNext(next) })}`;
}

/**
 * When the pages sign in with a provider and nobody opened a page by GET or HEAD: a redirect
 * to {@link signInPath} of that page; else `undefined` (the 401 page is drawn). What a page's
 * script reads (`….json`, e.g. the instance page's live state) is answered 401 instead: a
 * script cannot follow a sign-in to another site.
 *
 * @example
 * if (error.code === "unauthenticated") return signInRedirect(c, deps) ?? page401;
 */
export function signInRedirect(c: Context<ApiEnv>, deps: PageDeps): Response | undefined {
  if (!deps.signIn || (c.req.method !== "GET" && c.req.method !== "HEAD")) return undefined;
  const url = new URL(c.req.url);
  if (url.pathname.endsWith(".json")) return undefined;
  return c.redirect(signInPath(`${url.pathname}${url.search}`), 303);
}

/** The error code the provider sent back, if it is one (letters and `_` only: it is shown). */
function providerError(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return /^[a-z_]{1,64}$/.test(value) ? value : "an unnamed error";
}

/**
 * Signing in to the pages with an OpenID Connect provider (authorization code flow with PKCE),
 * registered only when the app has {@link PageDeps.signIn}:
 *
 * - `GET /ui/sign-in?next=…` starts a sign-in: a fresh state, PKCE verifier and nonce in a
 *   signed cookie for `/ui/signed-in` (10 minutes), and a redirect to the provider's
 *   authorization endpoint. `next` is kept only if it is a `/ui…` path of this site.
 * - `GET /ui/signed-in?code=…&state=…` (the redirect URI) takes the sign-in back: the state
 *   must be the cookie's, the code is exchanged (with the verifier) and the ID token verified
 *   (issuer, audience = the client id, nonce, keys); then the session cookie is set (8 hours
 *   by default) and the browser goes to `next`. A sign-in that does not hold is a 401 page
 *   saying why, a provider that cannot be used a 502 page; both offer to sign in again, set
 *   no session and are logged without code or token.
 * - `POST /ui/sign-out` (with the shell's CSRF token) ends the session; `GET /ui/signed-out`
 *   says so.
 *
 * @example
 * signInRoutes(app, backend, deps);
 */
export function signInRoutes(app: Hono<ApiEnv>, backend: Backend, deps: PageDeps): void {
  const { signIn } = deps;
  if (!signIn) return;
  const secure = () => secureCookies(backend.publicUrl);
  const redirectUri = () => `${backend.publicUrl.replace(/\/+$/, "")}${SIGNED_IN_PATH}`;

  const failed = async (c: Context<ApiEnv>, error: Error, next: string) => {
    const refused = error instanceof SignInRefusedError;
    deps.log({
      level: "error",
      message: refused ? "sign-in refused" : "identity provider failed",
      method: c.req.method,
      route: c.req.routePath,
      error: error.message,
    });
    // The language links lead to a new sign-in: the return's query holds the code.
    const page = await pageRequest(c, deps, signInPath(next));
    const text = SIGN_IN_TEXT[page.locale];
    const body = `<h1>${escapeHtml(text.failedTitle)}</h1>
<p>${escapeHtml(refused ? text.refused : text.providerFailed)} ${escapeHtml(error.message)}.</p>
<p><a href="${escapeHtml(signInPath(next))}">${escapeHtml(text.signInAgain)}</a></p>`;
    return c.html(page.page(text.failedTitle, body), refused ? 401 : 502);
  };

  const signedInAs = async (c: Context<ApiEnv>, sign: PageSignIn) => {
    const started = signInStateOf(
      sign.sessionKey,
      c.req.header("cookie") ?? null,
      deps.clock.now(),
    );
    const state = c.req.query("state");
    if (!started || state === undefined || state !== started.state) {
      throw new SignInRefusedError(
        "it was not started in this browser, or took longer than 10 minutes",
      );
    }
    c.header("Set-Cookie", clearedSignInCookie(secure()), { append: true });
    const refusedBy = providerError(c.req.query("error"));
    if (refusedBy) throw new SignInRefusedError(`the identity provider answered ${refusedBy}`);
    const code = c.req.query("code");
    if (!code) throw new SignInRefusedError("the identity provider sent no code back");
    const identity = await sign.client.identityFromCode({
      code,
      codeVerifier: started.verifier,
      redirectUri: redirectUri(),
      nonce: started.nonce,
    });
    return { identity, next: started.next };
  };

  app.get("/ui/sign-in", async (c) => {
    const now = deps.clock.now();
    const started = newSignInState(safeNext(c.req.query("next")), now);
    let location: string;
    try {
      location = await signIn.client.authorizationUrl({
        redirectUri: redirectUri(),
        state: started.state,
        nonce: started.nonce,
        codeChallenge: codeChallenge(started.verifier),
      });
    } catch (error) {
      if (error instanceof IdentityProviderError) return failed(c, error, started.next);
      throw error;
    }
    c.header("Set-Cookie", signInCookie(signIn.sessionKey, started, secure()), { append: true });
    return c.redirect(location, 302);
  });

  app.get(SIGNED_IN_PATH, async (c) => {
    let signedIn: Awaited<ReturnType<typeof signedInAs>>;
    try {
      signedIn = await signedInAs(c, signIn);
    } catch (error) {
      if (error instanceof SignInRefusedError || error instanceof IdentityProviderError) {
        return failed(c, error, DEFAULT_NEXT);
      }
      throw error;
    }
    const now = deps.clock.now();
    const expires = new Date(now.getTime() + (signIn.sessionSeconds ?? SESSION_SECONDS) * 1000);
    c.header(
      "Set-Cookie",
      sessionCookie(signIn.sessionKey, signedIn.identity, expires, secure(), now),
      { append: true },
    );
    return c.redirect(signedIn.next, 303);
  });

  app.post("/ui/sign-out", async (c) => {
    const posted = new URLSearchParams(await readBody(c.req.raw));
    const page = await pageRequest(c, deps);
    page.checkCsrf(SIGN_OUT_ACTION, posted.get("csrf"));
    c.header("Set-Cookie", clearedSessionCookie(secure()), { append: true });
    return c.redirect("/ui/signed-out", 303);
  });

  app.get("/ui/signed-out", async (c) => {
    const page = await pageRequest(c, deps);
    const text = SIGN_IN_TEXT[page.locale];
    const body = `<h1>${escapeHtml(text.signedOutTitle)}</h1>
<p>${escapeHtml(text.signedOut)}</p>
<p><a href="${escapeHtml(signInPath(DEFAULT_NEXT))}">${escapeHtml(text.signInAgain)}</a></p>`;
    return c.html(page.page(text.signedOutTitle, body));
  });
}
