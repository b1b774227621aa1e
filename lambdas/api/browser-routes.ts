import type { Hono } from "hono";
import type { Backend } from "../core/backend/backend.ts";
import type { ApiEnv } from "./api-env.ts";
import type { PageDeps } from "./pages/page-context.ts";
import { linkRoutes } from "./routes/link-routes.ts";
import { pageRoutes } from "./routes/pages/page-routes.ts";

/**
 * What a browser is served: the `/ui` pages and their assets, and the approval links (`/a/…`).
 * On AWS these are the pages function's routes (`BROWSER_API_PATHS` says which of the
 * OpenAPI document's); the JSON API (`jsonApiRoutes`) is the api function's.
 *
 * @example
 * browserRoutes(app, backend, deps);
 */
export function browserRoutes(app: Hono<ApiEnv>, backend: Backend, deps: PageDeps): void {
  pageRoutes(app, backend, deps);
  linkRoutes(app, backend, deps.identity, deps.assets);
}
