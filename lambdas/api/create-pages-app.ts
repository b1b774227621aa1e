import type { Hono } from "hono";
import type { Backend } from "../core/backend/backend.ts";
import type { ApiEnv } from "./api-env.ts";
import { consoleLog } from "./api-log.ts";
import { type AppFrameOptions, appFrame } from "./app-frame.ts";
import { browserRoutes } from "./browser-routes.ts";
import { pageAnswers } from "./pages/page-answers.ts";
import { type PageAssets, pageAssetsOnce } from "./pages/page-assets.ts";
import type { PageDeps } from "./pages/page-context.ts";
import type { PageSignIn } from "./pages/page-sign-in.ts";

/** What the pages need besides the backend. */
export interface PagesAppOptions extends AppFrameOptions {
  /**
   * The pages' scripts and stylesheets.
   * @default built by esbuild from `lambdas/api/pages/client/` on the first page request
   */
  pageAssets?: () => Promise<PageAssets>;
  /**
   * Sign-in to the pages with an OpenID Connect provider: a page opened by nobody goes to the
   * provider, and its session cookie (`Path=/ui`) signs the person in to the pages — never to
   * the JSON API, which takes `identity` only.
   * @default none: pages take `identity` (and the dev picker)
   */
  signIn?: PageSignIn;
}

/** What the pages stand on, from the app's options and the backend. */
function pageDepsOf(backend: Backend, options: PagesAppOptions): PageDeps {
  return {
    assets: options.pageAssets ?? pageAssetsOnce(),
    identity: options.identity,
    csrfKey: backend.secrets.linkKey,
    devSignIn: options.devSignIn ?? false,
    clock: backend.clock,
    log: options.log ?? consoleLog,
    ...(options.signIn ? { signIn: options.signIn } : {}),
  };
}

/**
 * The pages alone ({@link browserRoutes} in the {@link appFrame}): what the pages function
 * serves on AWS — the `/ui` pages and the approval links — with
 * refusals as pages where a browser asked for one.
 *
 * @example
 * export const handler = handle(createPagesApp(backend, { identity, pageAssets }));
 */
export function createPagesApp(backend: Backend, options: PagesAppOptions): Hono<ApiEnv> {
  const deps = pageDepsOf(backend, options);
  const app = appFrame(options, pageAnswers(deps));
  browserRoutes(app, backend, deps);
  return app;
}
