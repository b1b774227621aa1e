import { type Context, Hono } from "hono";
import { OperationRefusedError } from "../core/contract/operation-refused-error.ts";
import type { ApiEnv } from "./api-env.ts";
import { type ApiLog, consoleLog, redactSecrets } from "./api-log.ts";
import { errorBody } from "./error-body.ts";
import { ERROR_STATUS } from "./error-status.ts";
import type { IdentityResolver } from "./identity.ts";
import { loopbackHostOnly } from "./loopback-host-only.ts";
import { PAGE_CSP } from "./pages/page-layout.ts";
import { type RequestLog, requestLogging } from "./request-log.ts";

/** What every part of the app stands on: who calls, where errors and requests are logged. */
export interface AppFrameOptions {
  /** Tells who calls the `/v1` routes (all but callbacks); nobody → 401. */
  identity: IdentityResolver;
  /** Where unexpected errors are logged (redacted: never a body, token or link id). @default consoleLog */
  log?: ApiLog;
  /** Where a line per answered request goes (`baton dev`'s JSON log). @default none */
  requestLog?: RequestLog;
  /**
   * Embedded dev mode (`baton dev` with `BATON_DEV_AUTH=1` on loopback): the pages also take
   * the user from the development user picker's cookie, and show the picker; and every route
   * refuses (403) a request whose `Host` is not a loopback name ({@link loopbackHostOnly}), so
   * a rebound domain cannot sign in as anyone.
   * @default false
   */
  devSignIn?: boolean;
}

/** How the pages answer refusals: as a page, for the requests a browser makes. */
export interface PageAnswers {
  /** Whether this request's refusals are answered as a page rather than as JSON. */
  isPage(c: Context<ApiEnv>): boolean;
  /** The page (or the sign-in redirect) answering a refusal of a request {@link isPage} holds. */
  refusal(error: OperationRefusedError, c: Context<ApiEnv>): Promise<Response>;
}

/**
 * The routes a person calls, behind the identity resolver. hono's `/x/*` matches `/x` itself
 * too (but not `/xy`), so one pattern guards a collection and everything under it.
 */
const SIGNED_IN = ["/v1/flows/*", "/v1/instances/*", "/v1/approvals/*", "/v1/templates/*"];

/**
 * The `hono` app every part of Baton's HTTP surface is served in, before its routes: the
 * security headers of every answer (no caching unless a route says so, no referrer, no
 * sniffing, the pages' content security policy unless a route sets its own), the loopback
 * `Host` check in dev mode, the identity check of the signed-in `/v1` routes, and the answer
 * to errors — a refusal as its status with a JSON body `{ error: { code, message, details? } }`,
 * or as a page where `pages` claims the request; anything unexpected a `500 internal`, logged
 * without secrets.
 *
 * @param pages - how refusals become pages. @default none: every refusal is JSON
 * @example
 * const app = appFrame({ identity });
 * jsonApiRoutes(app, backend, {});
 */
export function appFrame(options: AppFrameOptions, pages?: PageAnswers): Hono<ApiEnv> {
  const log = options.log ?? consoleLog;
  const app = new Hono<ApiEnv>();

  if (options.requestLog) app.use("*", requestLogging(options.requestLog));
  app.use("*", async (c, next) => {
    await next();
    if (!c.res.headers.has("Cache-Control")) c.res.headers.set("Cache-Control", "no-store");
    c.res.headers.set("Referrer-Policy", "no-referrer");
    c.res.headers.set("X-Content-Type-Options", "nosniff");
    if (!c.res.headers.has("Content-Security-Policy")) {
      c.res.headers.set("Content-Security-Policy", PAGE_CSP);
    }
  });
  if (options.devSignIn) app.use("*", loopbackHostOnly());

  for (const pattern of SIGNED_IN) {
    app.use(pattern, async (c, next) => {
      const identity = await options.identity(c.req.raw);
      if (!identity) throw new OperationRefusedError("unauthenticated", "sign in first");
      c.set("identity", identity);
      await next();
    });
  }

  const answerError = async (error: Error, c: Context<ApiEnv>) => {
    if (error instanceof OperationRefusedError) {
      if (pages?.isPage(c)) return pages.refusal(error, c);
      return c.json(errorBody(error.code, error.message, error.details), ERROR_STATUS[error.code]);
    }
    log({
      level: "error",
      message: "unexpected error",
      method: c.req.method,
      route: c.req.routePath,
      error: redactSecrets(`${error.name}: ${error.message}`),
    });
    return c.json(errorBody("internal", "internal error"), 500);
  };
  app.notFound((c) =>
    answerError(
      new OperationRefusedError("not-found", pages?.isPage(c) ? "no such page" : "no such route"),
      c,
    ),
  );
  app.onError(answerError);
  return app;
}
