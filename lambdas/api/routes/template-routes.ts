import type { Hono } from "hono";
import type { Backend } from "../../core/backend/backend.ts";
import { OperationRefusedError } from "../../core/contract/operation-refused-error.ts";
import {
  listTemplateInstances,
  listTemplates,
  readTemplate,
} from "../../core/operations/read-templates.ts";
import type { ApiEnv } from "../api-env.ts";
import { pathId } from "../path-ids.ts";
import { requestValidator } from "../request-validator.ts";
import { NO_QUERY_SCHEMA } from "../schemas/no-query-schema.ts";
import { PAGE_QUERY_SCHEMA, type PageQuery } from "../schemas/page-query-schema.ts";
import { pageRequest } from "../schemas/page-request.ts";

const VERSION = /^[1-9]\d{0,8}$/;
const pageQuery = requestValidator<PageQuery>(PAGE_QUERY_SCHEMA, "query");
const noQuery = requestValidator<Record<string, never>>(NO_QUERY_SCHEMA, "query");

/**
 * The template reads: `GET /v1/templates` (every template at its latest version, with its
 * versions), `GET /v1/templates/{templateId}` (the latest version's definition and picture),
 * `GET /v1/templates/{templateId}/versions/{version}`, and the template's instances, newest
 * first, paged (`GET /v1/templates/{templateId}/instances`).
 *
 * @example
 * templateRoutes(app, backend);
 */
export function templateRoutes(app: Hono<ApiEnv>, backend: Backend): void {
  app.get("/v1/templates", async (c) => {
    noQuery(c.req.query(), backend.schemas);
    return c.json({ items: await listTemplates(backend) });
  });
  app.get("/v1/templates/:templateId", async (c) =>
    c.json(await readTemplate(backend, pathId("template", c.req.param("templateId")))),
  );
  app.get("/v1/templates/:templateId/instances", async (c) => {
    const { tenant } = c.get("identity");
    const query = pageQuery(c.req.query(), backend.schemas);
    const templateId = pathId("template", c.req.param("templateId"));
    return c.json(await listTemplateInstances(backend, tenant, templateId, pageRequest(query)));
  });
  app.get("/v1/templates/:templateId/versions/:version", async (c) => {
    const version = c.req.param("version");
    if (!VERSION.test(version)) throw new OperationRefusedError("not-found", "no such version");
    return c.json(
      await readTemplate(backend, pathId("template", c.req.param("templateId")), Number(version)),
    );
  });
}
