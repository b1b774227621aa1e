import type { Context } from "hono";
import { OperationRefusedError } from "../../core/contract/operation-refused-error.ts";
import { isCheckedId } from "../../core/operations/checked-id.ts";
import type { Clock } from "../../core/ports/clock.ts";
import type { ApiEnv } from "../api-env.ts";
import type { ApiLog } from "../api-log.ts";
import { DEV_TENANT } from "../dev-identity.ts";
import type { Identity, IdentityResolver } from "../identity.ts";
import type { PageAssets } from "./page-assets.ts";
import { pageCsrfHolds, pageCsrfToken } from "./page-csrf.ts";
import { cookieValue, LOCALE_COOKIE, type PageLocale, pageLocale } from "./page-locale.ts";
import { sessionIdentity } from "./page-session.ts";
import { pageShell } from "./page-shell.ts";
import type { PageSignIn } from "./page-sign-in.ts";

/** The cookie the development user picker sets (embedded dev mode only). */
export const DEV_USER_COOKIE = "baton_dev_user";

/** The CSRF action of the development user picker's form. */
export const DEV_USER_ACTION = "dev-user";

/** The CSRF action of the shell's sign-out form. */
export const SIGN_OUT_ACTION = "sign-out";

/** What the pages need from the app. */
export interface PageDeps {
  /** The pages' built scripts and stylesheets. */
  assets: () => Promise<PageAssets>;
  /** Tells who is signed in, as for the API. */
  identity: IdentityResolver;
  /** The key page CSRF tokens are made with (the installation's link key). */
  csrfKey: string;
  /**
   * Embedded dev mode: pages also take the user from the {@link DEV_USER_COOKIE} cookie and
   * show the user picker.
   */
  devSignIn: boolean;
  /**
   * Sign-in with an OpenID Connect provider: pages take the user from its session cookie
   * first, and a page opened by nobody goes to `/ui/sign-in`.
   * @default none: pages take the API's identity (and the dev picker)
   */
  signIn?: PageSignIn;
  /** What sessions expire by. */
  clock: Clock;
  /** Where failed sign-ins are logged (never a code, token or key). */
  log: ApiLog;
}

/** One page request's locale, caller and drawing: what a page route works with. */
export interface PageRequest {
  locale: PageLocale;
  identity: Identity | undefined;
  /** Whether the caller is signed in by the session cookie (and may sign out). */
  bySession: boolean;
  assets: PageAssets;
  /** The caller; refuses `unauthenticated` (a sign-in page) when nobody is signed in. */
  signedIn(): Identity;
  /** The CSRF token of this caller for `action`. */
  csrf(action: string): string;
  /** Whether a posted token is this caller's for `action`; refuses `forbidden` when not. */
  checkCsrf(action: string, token: unknown): void;
  /** The page around `body`, in the shell. */
  page(title: string, body: string, scripts?: readonly string[]): string;
}

/**
 * The caller of a page: the sign-in's session cookie, else the API's identity (a JWT, the dev
 * header), else in dev mode the picker's cookie.
 */
async function pageIdentity(
  c: Context<ApiEnv>,
  deps: PageDeps,
): Promise<{ identity: Identity | undefined; bySession: boolean }> {
  const cookies = c.req.header("cookie") ?? null;
  if (deps.signIn) {
    const session = sessionIdentity(deps.signIn.sessionKey, cookies, deps.clock.now());
    if (session) return { identity: session, bySession: true };
  }
  const identity = await deps.identity(c.req.raw);
  if (identity || !deps.devSignIn) return { identity, bySession: false };
  const user = cookieValue(cookies, DEV_USER_COOKIE);
  return {
    identity: isCheckedId(user) ? { tenant: DEV_TENANT, user } : undefined,
    bySession: false,
  };
}

/**
 * Reads what every page needs from a request, and keeps a language chosen with `?lang=` in its
 * cookie. `path` is the page's own path and query, which the language links and the user picker
 * return to.
 *
 * @example
 * const page = await pageRequest(c, deps);
 * return c.html(page.page("Inbox", body, ["inbox.js"]));
 */
export async function pageRequest(
  c: Context<ApiEnv>,
  deps: PageDeps,
  /** @default the request's path and query */
  path?: string,
): Promise<PageRequest> {
  const locale = pageLocale(c.req.raw);
  if (c.req.query("lang")) {
    c.header("Set-Cookie", `${LOCALE_COOKIE}=${locale}; Path=/; SameSite=Lax; Max-Age=31536000`);
  }
  const { identity, bySession } = await pageIdentity(c, deps);
  const assets = await deps.assets();
  const caller = identity ?? { tenant: DEV_TENANT, user: "" };
  const csrf = (action: string) => pageCsrfToken(deps.csrfKey, caller, action);
  const url = new URL(c.req.url);
  return {
    locale,
    identity,
    bySession,
    assets,
    signedIn: () => {
      if (!identity) throw new OperationRefusedError("unauthenticated", "sign in first");
      return identity;
    },
    csrf,
    checkCsrf: (action, token) => {
      if (!pageCsrfHolds(deps.csrfKey, caller, action, token)) {
        throw new OperationRefusedError(
          "forbidden",
          "the form is stale or forged: open the page again",
        );
      }
    },
    page: (title, body, scripts) =>
      pageShell({
        title,
        body,
        locale,
        assets,
        path: path ?? `${url.pathname}${url.search}`,
        ...(identity ? { identity } : {}),
        ...(scripts ? { scripts } : {}),
        ...(deps.devSignIn ? { devPicker: { csrf: csrf(DEV_USER_ACTION) } } : {}),
        ...(bySession ? { signOut: { csrf: csrf(SIGN_OUT_ACTION) } } : {}),
      }),
  };
}
