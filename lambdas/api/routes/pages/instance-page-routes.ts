import type { Hono } from "hono";
import type { Backend } from "../../../core/backend/backend.ts";
import { OperationRefusedError } from "../../../core/contract/operation-refused-error.ts";
import { pictureWords } from "../../../core/graph/picture-words.ts";
import { cancelInstance } from "../../../core/operations/cancel-instance.ts";
import { exportAudit } from "../../../core/operations/export-audit.ts";
import type { ApiEnv } from "../../api-env.ts";
import { historyRows } from "../../pages/instance-history.ts";
import { instanceLiveState } from "../../pages/instance-live-state.ts";
import { cancelAction, instancePageHtml, instancePagePath } from "../../pages/instance-page.ts";
import { instanceSnapshot } from "../../pages/instance-snapshot.ts";
import { INSTANCE_TEXT } from "../../pages/instance-text.ts";
import { type PageDeps, pageRequest } from "../../pages/page-context.ts";
import { PICTURE_TEXT } from "../../pages/picture-text.ts";
import { pathId } from "../../path-ids.ts";
import { readBody } from "../../read-body.ts";

/**
 * An instance's page and what it stands on, for any signed-in user of the tenant (who may read
 * it as `GET /v1/instances/{id}`):
 * - `GET /ui/instances/{id}`: the page; a CC'd viewer leaves a read receipt, as the JSON read
 *   does; nothing else changes. `HEAD` changes nothing at all.
 * - `GET /ui/instances/{id}/state.json`: what the page's script refreshes it with while the
 *   instance runs, in the page's language, behind the page's identity (in dev mode the user
 *   picker's cookie, which the `/v1` routes do not take). Leaves no read receipt.
 * - `GET /ui/instances/{id}/audit.json`: the sealed export of `GET /v1/instances/{id}/audit`, as
 *   a download for `baton audit verify`.
 * - `POST /ui/instances/{id}/cancel`: the starter's withdraw (撤回), by the form's CSRF token
 *   (`cancel:{id}`, checked first: 403 without it) and its confirmation box (400 without it),
 *   through the same operation as `POST /v1/instances/{id}/cancel` (403 for anyone else, 409
 *   once ended); then 303 back to the page.
 *
 * @example
 * instancePageRoutes(app, backend, deps);
 */
export function instancePageRoutes(app: Hono<ApiEnv>, backend: Backend, deps: PageDeps): void {
  app.get("/ui/instances/:id", async (c) => {
    const page = await pageRequest(c, deps);
    const { tenant, user } = page.signedIn();
    const instanceId = pathId("instance", c.req.param("id"));
    const viewer = c.req.method === "HEAD" ? undefined : user;
    const snapshot = await instanceSnapshot(backend, tenant, instanceId, viewer);
    const text = INSTANCE_TEXT[page.locale];
    const { view, template } = snapshot;
    const mayWithdraw = view.status === "running" && view.starter === user;
    const body = instancePageHtml({
      snapshot,
      history: historyRows(snapshot.history, template, text, page.locale),
      locale: page.locale,
      ...(mayWithdraw ? { cancelCsrf: page.csrf(cancelAction(instanceId)) } : {}),
      ...(c.req.query("done") === "withdrawn" ? { withdrawn: true } : {}),
    });
    return c.html(page.page(text.title(template?.name ?? view.templateId), body, ["instance.js"]));
  });

  app.get("/ui/instances/:id/state.json", async (c) => {
    const page = await pageRequest(c, deps);
    const { tenant } = page.signedIn();
    const instanceId = pathId("instance", c.req.param("id"));
    const snapshot = await instanceSnapshot(backend, tenant, instanceId);
    const text = INSTANCE_TEXT[page.locale];
    const rows = historyRows(snapshot.history, snapshot.template, text, page.locale);
    const pictureWord = pictureWords(PICTURE_TEXT[page.locale]);
    return c.json(instanceLiveState(snapshot, rows, text, pictureWord));
  });

  app.get("/ui/instances/:id/audit.json", async (c) => {
    const page = await pageRequest(c, deps);
    const { tenant } = page.signedIn();
    const instanceId = pathId("instance", c.req.param("id"));
    const exported = await exportAudit(backend, tenant, instanceId);
    c.header("Content-Disposition", `attachment; filename="audit-${instanceId}.json"`);
    return c.json(exported);
  });

  app.post("/ui/instances/:id/cancel", async (c) => {
    const instanceId = pathId("instance", c.req.param("id"));
    const posted = new URLSearchParams(await readBody(c.req.raw));
    const page = await pageRequest(c, deps);
    page.checkCsrf(cancelAction(instanceId), posted.get("csrf"));
    const { tenant, user } = page.signedIn();
    if (posted.get("confirm") !== "yes") {
      throw new OperationRefusedError("invalid", "tick the box to confirm the withdrawal");
    }
    await cancelInstance(backend, tenant, instanceId, user);
    return c.redirect(`${instancePagePath(instanceId)}?done=withdrawn`, 303);
  });
}
