import { type Context, Hono } from "hono";
import type { Backend } from "../core/backend/backend.ts";
import { OperationRefusedError } from "../core/contract/operation-refused-error.ts";
import type { ApiEnv } from "./api-env.ts";
import { type ApiLog, consoleLog, redactSecrets } from "./api-log.ts";
import { errorBody } from "./error-body.ts";
import { ERROR_STATUS } from "./error-status.ts";
import type { IdentityResolver } from "./identity.ts";
import { loopbackHostOnly } from "./loopback-host-only.ts";
import { OPENAPI_DOCUMENT } from "./openapi.ts";
import { escapeHtml } from "./pages/escape-html.ts";
import { type PageAssets, pageAssetsOnce } from "./pages/page-assets.ts";
import { type PageDeps, pageRequest } from "./pages/page-context.ts";
import { PAGE_CSP } from "./pages/page-layout.ts";
import { pageLocale } from "./pages/page-locale.ts";
import type { PageSignIn } from "./pages/page-sign-in.ts";
import { refusalPageHtml } from "./pages/refusal-page.ts";
import { type RequestLog, requestLogging } from "./request-log.ts";
import { approvalRoutes } from "./routes/approval-routes.ts";
import { callbackRoutes } from "./routes/callback-routes.ts";
import { healthRoutes } from "./routes/health-routes.ts";
import { instanceRoutes } from "./routes/instance-routes.ts";
import { linkRoutes } from "./routes/link-routes.ts";
import { type MetricsSource, metricsRoutes } from "./routes/metrics-routes.ts";
import { pageRoutes } from "./routes/pages/page-routes.ts";
import { signInRedirect } from "./routes/pages/sign-in-routes.ts";
import { templateRoutes } from "./routes/template-routes.ts";

/** What the API needs besides the backend. */
export interface ApiOptions {
  /** Tells who calls the `/v1` routes (all but callbacks); nobody → 401. */
  identity: IdentityResolver;
  /** Where unexpected errors are logged (redacted: never a body, token or link id). @default consoleLog */
  log?: ApiLog;
  /** Where a line per answered request goes (`baton dev`'s JSON log). @default none */
  requestLog?: RequestLog;
  /** What `GET /metrics` serves. @default none: `/metrics` answers 404 (on AWS, CloudWatch) */
  metrics?: MetricsSource;
  /**
   * The pages' scripts and stylesheets.
   * @default built by esbuild from `lambdas/api/pages/client/` on the first page request
   */
  pageAssets?: () => Promise<PageAssets>;
  /**
   * Embedded dev mode (`baton dev` with `BATON_DEV_AUTH=1` on loopback): the pages also take
   * the user from the development user picker's cookie, and show the picker; and every route
   * refuses (403) a request whose `Host` is not a loopback name ({@link loopbackHostOnly}), so
   * a rebound domain cannot sign in as anyone.
   * @default false
   */
  devSignIn?: boolean;
  /**
   * Sign-in to the pages with an OpenID Connect provider: a page opened by nobody goes to the
   * provider, and its session cookie (`Path=/ui`) signs the person in to the pages — never to
   * the JSON API, which takes `identity` only.
   * @default none: pages take `identity` (and the dev picker)
   */
  signIn?: PageSignIn;
}

/**
 * The routes a person calls, behind the identity resolver. hono's `/x/*` matches `/x` itself
 * too (but not `/xy`), so one pattern guards a collection and everything under it.
 */
const SIGNED_IN = ["/v1/flows/*", "/v1/instances/*", "/v1/approvals/*", "/v1/templates/*"];

/** Whether an error answer should be a page: a browser on an approval link. */
function wantsPage(c: Context<ApiEnv>): boolean {
  return c.req.path.startsWith("/a/") && (c.req.header("accept") ?? "").includes("text/html");
}

/** Whether an error answer should be a page in the shell: any `/ui` page. */
function isShellPage(c: Context<ApiEnv>): boolean {
  return c.req.path === "/ui" || c.req.path.startsWith("/ui/");
}

/**
 * The HTTP API of one installation, as a `hono` app over the transport-free operations: run it
 * on API Gateway with `hono/aws-lambda`'s `handle(app)`, locally with `@hono/node-server`'s
 * `serve(app)`, or call `app.request()` in tests. Errors are JSON
 * `{ error: { code, message, details? } }` (pages for browsers on approval links): refusals
 * with their status, anything unexpected 500 `internal`, logged without secrets. No answer is
 * cached or leaks its URL as a referrer.
 *
 * @example
 * const app = createApiApp(backend, { identity: jwtIdentity({ issuer, audience, jwks }) });
 * export const handler = handle(app);
 */
export function createApiApp(backend: Backend, options: ApiOptions): Hono<ApiEnv> {
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

  const pages: PageDeps = {
    assets: options.pageAssets ?? pageAssetsOnce(),
    identity: options.identity,
    csrfKey: backend.secrets.linkKey,
    devSignIn: options.devSignIn ?? false,
    clock: backend.clock,
    log,
    ...(options.signIn ? { signIn: options.signIn } : {}),
  };
  pageRoutes(app, backend, pages);
  templateRoutes(app, backend);
  instanceRoutes(app, backend);
  approvalRoutes(app, backend);
  callbackRoutes(app, backend);
  linkRoutes(app, backend, options.identity, pages.assets);
  healthRoutes(app, backend, log);
  metricsRoutes(app, options.metrics);
  app.get("/openapi.json", (c) => c.json(OPENAPI_DOCUMENT));

  /**
   * The answer to an error: a refusal as its status with a JSON body, or as a page where a
   * browser asked for one (an approval link, a `/ui` page); anything else a logged `500`.
   */
  const answerError = async (error: Error, c: Context<ApiEnv>) => {
    if (error instanceof OperationRefusedError) {
      const status = ERROR_STATUS[error.code];
      if (wantsPage(c))
        return c.html(refusalPageHtml(error.message, pageLocale(c.req.raw)), status);
      if (isShellPage(c)) {
        const toSignIn = error.code === "unauthenticated" ? signInRedirect(c, pages) : undefined;
        if (toSignIn) return toSignIn;
        const page = await pageRequest(c, pages);
        return c.html(page.page(error.message, `<h1>${escapeHtml(error.message)}</h1>`), status);
      }
      return c.json(errorBody(error.code, error.message, error.details), status);
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
      new OperationRefusedError(
        "not-found",
        isShellPage(c) || wantsPage(c) ? "no such page" : "no such route",
      ),
      c,
    ),
  );
  app.onError(answerError);
  return app;
}
