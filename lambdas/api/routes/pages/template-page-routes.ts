import type { Hono } from "hono";
import type { Backend } from "../../../core/backend/backend.ts";
import { OperationRefusedError } from "../../../core/contract/operation-refused-error.ts";
import { listTemplates, readTemplate } from "../../../core/operations/read-templates.ts";
import { startInstance } from "../../../core/operations/start-instance.ts";
import type { ApiEnv } from "../../api-env.ts";
import { type PageDeps, type PageRequest, pageRequest } from "../../pages/page-context.ts";
import { type StartProblem, startProblems } from "../../pages/start-form-problems.ts";
import { startInput } from "../../pages/start-input.ts";
import { startAction, templatePageHtml } from "../../pages/template-page.ts";
import { TEMPLATE_TEXT } from "../../pages/template-text.ts";
import { templatesPageHtml } from "../../pages/templates-page.ts";
import { pathId } from "../../path-ids.ts";
import { readBody } from "../../read-body.ts";

const VERSION = /^[1-9]\d{0,8}$/;

/** The page of one template version, with the start form filled again after a refusal. */
async function templatePage(
  page: PageRequest,
  backend: Backend,
  templateId: string,
  version: number | undefined,
  refused?: { posted: URLSearchParams; problems: readonly StartProblem[] },
): Promise<string> {
  const { tenant, user } = page.signedIn();
  const view = await readTemplate(backend, templateId, version);
  const roles = new Set(
    view.template.nodes.flatMap((node) =>
      node.type === "approval" && node.approvers.role !== undefined ? [node.approvers.role] : [],
    ),
  );
  const body = templatePageHtml({
    view,
    locale: page.locale,
    tenant,
    user,
    csrf: page.csrf(startAction(templateId)),
    startKey: `page.${crypto.randomUUID()}`,
    roles: Object.fromEntries(
      [...roles].map((role) => [role, backend.directory.usersInRole(role)]),
    ),
    ...(refused ?? {}),
  });
  return page.page(view.name ?? view.templateId, body, ["template.js"]);
}

/**
 * The template pages:
 * - `GET /ui/templates`: every template at its latest version, each linking to its page.
 * - `GET /ui/templates/{templateId}` (`?version=` for an older one): the picture, the versions
 *   and, on the latest version, the start form with the path preview. Changes nothing.
 * - `POST /ui/templates/{templateId}`: starts an instance of the latest version with the form's
 *   values, by the form's CSRF token (`start:{templateId}`, checked first: 403 without it),
 *   through the same operation as `POST /v1/flows/{id}/instances` (the form's `startKey` as the
 *   idempotency key, so a form posted twice starts one instance); then 303 to the instance's
 *   page. An input the template's schema refuses draws the page again (400) with the posted
 *   values and each problem beside its field, and starts nothing.
 *
 * @example
 * templatePageRoutes(app, backend, deps);
 */
export function templatePageRoutes(app: Hono<ApiEnv>, backend: Backend, deps: PageDeps): void {
  app.get("/ui/templates", async (c) => {
    const page = await pageRequest(c, deps);
    page.signedIn();
    const body = templatesPageHtml(await listTemplates(backend), page.locale);
    return c.html(page.page(TEMPLATE_TEXT[page.locale].listTitle, body));
  });

  app.get("/ui/templates/:templateId", async (c) => {
    const page = await pageRequest(c, deps);
    const templateId = pathId("template", c.req.param("templateId"));
    const version = c.req.query("version");
    if (version !== undefined && !VERSION.test(version)) {
      throw new OperationRefusedError("not-found", "no such version");
    }
    return c.html(
      await templatePage(
        page,
        backend,
        templateId,
        version === undefined ? undefined : Number(version),
      ),
    );
  });

  app.post("/ui/templates/:templateId", async (c) => {
    const posted = new URLSearchParams(await readBody(c.req.raw));
    const page = await pageRequest(c, deps);
    const templateId = pathId("template", c.req.param("templateId"));
    page.checkCsrf(startAction(templateId), posted.get("csrf"));
    const { tenant, user } = page.signedIn();
    const template = await backend.templates.get(templateId);
    if (!template) throw new OperationRefusedError("not-found", `no template ${templateId}`);
    const startKey = posted.get("startKey");
    try {
      const { instanceId } = await startInstance(backend, {
        tenant,
        templateId,
        input: startInput(template.input, posted),
        starter: user,
        ...(startKey ? { idempotencyKey: startKey } : {}),
      });
      return c.redirect(`/ui/instances/${encodeURIComponent(instanceId)}`, 303);
    } catch (error) {
      if (!(error instanceof OperationRefusedError) || error.code !== "invalid") throw error;
      const lines = Array.isArray(error.details) ? error.details.map(String) : [error.message];
      const problems = startProblems(template.input, lines);
      return c.html(
        await templatePage(page, backend, templateId, undefined, { posted, problems }),
        400,
      );
    }
  });
}
