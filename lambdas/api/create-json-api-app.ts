import type { Hono } from "hono";
import type { Backend } from "../core/backend/backend.ts";
import type { ApiEnv } from "./api-env.ts";
import { consoleLog } from "./api-log.ts";
import { type AppFrameOptions, appFrame } from "./app-frame.ts";
import { jsonApiRoutes } from "./json-api-routes.ts";
import type { MetricsSource } from "./routes/metrics-routes.ts";

/** What the JSON API needs besides the backend. */
export interface JsonApiOptions extends AppFrameOptions {
  /** What `GET /metrics` serves. @default none: `/metrics` answers 404 (on AWS, CloudWatch) */
  metrics?: MetricsSource;
}

/**
 * The JSON API alone ({@link jsonApiRoutes} in the {@link appFrame}), without the pages: what
 * the api function serves on AWS, so its bundle carries no page, picture layout or playground.
 * Every refusal is JSON.
 *
 * @example
 * export const handler = handle(createJsonApiApp(backend, { identity: jwtIdentity({ issuer, audience, jwks }) }));
 */
export function createJsonApiApp(backend: Backend, options: JsonApiOptions): Hono<ApiEnv> {
  const app = appFrame(options);
  jsonApiRoutes(app, backend, options.log ?? consoleLog, options.metrics);
  return app;
}
