import type { Hono } from "hono";
import type { Backend } from "../core/backend/backend.ts";
import type { ApiEnv } from "./api-env.ts";
import type { ApiLog } from "./api-log.ts";
import { OPENAPI_DOCUMENT } from "./openapi.ts";
import { approvalRoutes } from "./routes/approval-routes.ts";
import { callbackRoutes } from "./routes/callback-routes.ts";
import { healthRoutes } from "./routes/health-routes.ts";
import { instanceRoutes } from "./routes/instance-routes.ts";
import { type MetricsSource, metricsRoutes } from "./routes/metrics-routes.ts";
import { templateRoutes } from "./routes/template-routes.ts";

/**
 * The JSON API's routes — what programs call: templates, instances, approvals and their
 * decisions, plugins' callbacks, the health check, `/metrics` and `/openapi.json`. The
 * approval links are the pages' (`browserRoutes`).
 *
 * @param metrics - what `GET /metrics` serves. @default none: `/metrics` answers 404
 * @example
 * jsonApiRoutes(app, backend, consoleLog);
 */
export function jsonApiRoutes(
  app: Hono<ApiEnv>,
  backend: Backend,
  log: ApiLog,
  metrics?: MetricsSource,
): void {
  templateRoutes(app, backend);
  instanceRoutes(app, backend);
  approvalRoutes(app, backend);
  callbackRoutes(app, backend);
  healthRoutes(app, backend, log);
  metricsRoutes(app, metrics);
  app.get("/openapi.json", (c) => c.json(OPENAPI_DOCUMENT));
}
