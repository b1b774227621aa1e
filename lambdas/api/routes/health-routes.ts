import type { Hono } from "hono";
import type { Backend } from "../../core/backend/backend.ts";
import type { ApiEnv } from "../api-env.ts";
import { type ApiLog, redactSecrets } from "../api-log.ts";

/** The instance the store check reads: a key no instance has, so the read is one cheap lookup. */
const PROBE = { tenant: "default", instanceId: "healthz" } as const;

/**
 * `GET /healthz`, without sign-in: `200 { status: "ok", checks: { store: "ok" } }` when the
 * store answers a read of one key, `503 { status: "failing", checks: { store: "failing" } }`
 * when it cannot be read. The cause goes to the log (redacted), never into the answer.
 *
 * @example
 * healthRoutes(app, backend, consoleLog);
 */
export function healthRoutes(app: Hono<ApiEnv>, backend: Backend, log: ApiLog): void {
  app.get("/healthz", async (c) => {
    try {
      await backend.stores.instances.get(PROBE.tenant, PROBE.instanceId);
      return c.json({ status: "ok", checks: { store: "ok" } });
    } catch (error) {
      const thrown = error instanceof Error ? error : new Error(String(error));
      log({
        level: "error",
        message: "health check: the store cannot be read",
        method: c.req.method,
        route: "/healthz",
        error: redactSecrets(`${thrown.name}: ${thrown.message}`),
      });
      return c.json({ status: "failing", checks: { store: "failing" } }, 503);
    }
  });
}
