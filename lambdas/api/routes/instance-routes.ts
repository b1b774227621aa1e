import type { Hono } from "hono";
import type { Backend } from "../../core/backend/backend.ts";
import { cancelInstance } from "../../core/operations/cancel-instance.ts";
import { exportAudit } from "../../core/operations/export-audit.ts";
import { instancePicture } from "../../core/operations/instance-picture.ts";
import { readInstance } from "../../core/operations/read-instance.ts";
import { startInstance } from "../../core/operations/start-instance.ts";
import type { ApiEnv } from "../api-env.ts";
import { parseJsonBody } from "../parse-json-body.ts";
import { pathId } from "../path-ids.ts";
import { readBody } from "../read-body.ts";
import { requestValidator } from "../request-validator.ts";
import { CANCEL_REQUEST_SCHEMA } from "../schemas/cancel-request-schema.ts";
import { START_REQUEST_SCHEMA, type StartRequestBody } from "../schemas/start-request-schema.ts";

const startRequest = requestValidator<StartRequestBody>(START_REQUEST_SCHEMA, "body");
const cancelRequest = requestValidator<Record<string, never>>(CANCEL_REQUEST_SCHEMA, "body");

/**
 * Starts, reads, cancels and exports instances, in the caller's tenant:
 * `POST /v1/flows/{templateId}/instances`, `GET /v1/instances/{id}`,
 * `GET /v1/instances/{id}/picture`, `POST /v1/instances/{id}/cancel` and
 * `GET /v1/instances/{id}/audit`.
 *
 * @example
 * instanceRoutes(app, backend);
 */
export function instanceRoutes(app: Hono<ApiEnv>, backend: Backend): void {
  app.post("/v1/flows/:templateId/instances", async (c) => {
    const { tenant, user } = c.get("identity");
    const templateId = pathId("template", c.req.param("templateId"));
    const body = startRequest(parseJsonBody(await readBody(c.req.raw)), backend.schemas);
    const started = await startInstance(backend, {
      tenant,
      templateId,
      input: body.input,
      starter: user,
      ...(body.idempotencyKey === undefined ? {} : { idempotencyKey: body.idempotencyKey }),
    });
    c.header("Location", `/v1/instances/${started.instanceId}`);
    const { instanceId, status, templateVersion } = started;
    return c.json({ instanceId, status, templateVersion }, started.created ? 201 : 200);
  });

  app.get("/v1/instances/:id", async (c) => {
    const { tenant, user } = c.get("identity");
    return c.json(await readInstance(backend, tenant, pathId("instance", c.req.param("id")), user));
  });

  app.post("/v1/instances/:id/cancel", async (c) => {
    const { tenant, user } = c.get("identity");
    const instanceId = pathId("instance", c.req.param("id"));
    const body = parseJsonBody(await readBody(c.req.raw));
    if (body !== undefined) cancelRequest(body, backend.schemas);
    const ended = await cancelInstance(backend, tenant, instanceId, user);
    const { status, endedAt, reason } = ended;
    return c.json({ instanceId, status, endedAt, reason });
  });

  app.get("/v1/instances/:id/picture", async (c) => {
    const { tenant } = c.get("identity");
    return c.json(await instancePicture(backend, tenant, pathId("instance", c.req.param("id"))));
  });

  app.get("/v1/instances/:id/audit", async (c) => {
    const { tenant } = c.get("identity");
    return c.json(await exportAudit(backend, tenant, pathId("instance", c.req.param("id"))));
  });
}
