import type { Hono } from "hono";
import type { Backend } from "../core/backend/backend.ts";
import type { ApiEnv } from "./api-env.ts";
import { consoleLog } from "./api-log.ts";
import type { JsonApiOptions } from "./create-json-api-app.ts";
import { createPagesApp, type PagesAppOptions } from "./create-pages-app.ts";
import { jsonApiRoutes } from "./json-api-routes.ts";

/** What the whole app needs besides the backend: the JSON API's options and the pages'. */
export interface ApiOptions extends JsonApiOptions, PagesAppOptions {}

/**
 * The whole HTTP surface of one installation as one `hono` app over the transport-free
 * operations — the JSON API ({@link jsonApiRoutes}) and what a browser is served
 * (`browserRoutes`): the pages' app (`createPagesApp`) with the JSON API's routes added — what `baton dev` serves with
 * `@hono/node-server`, and what tests call with `app.request()`. On AWS the two halves are two
 * functions (`createJsonApiApp`, `createPagesApp`) behind one API Gateway, so each bundle
 * carries only its half. Errors are JSON `{ error: { code, message, details? } }` (pages for
 * browsers on approval links and `/ui`): refusals with their status, anything unexpected 500
 * `internal`, logged without secrets. No answer is cached or leaks its URL as a referrer.
 *
 * @example
 * const app = createApiApp(backend, { identity: devIdentity(), devSignIn: true });
 * serve({ fetch: app.fetch, port: 8080 });
 */
export function createApiApp(backend: Backend, options: ApiOptions): Hono<ApiEnv> {
  const app = createPagesApp(backend, options);
  jsonApiRoutes(app, backend, options.log ?? consoleLog, options.metrics);
  return app;
}
