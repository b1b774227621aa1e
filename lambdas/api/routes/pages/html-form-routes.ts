import type { Hono } from "hono";
import type { Backend } from "../../../core/backend/backend.ts";
import { OperationRefusedError } from "../../../core/contract/operation-refused-error.ts";
import { readApproval } from "../../../core/operations/read-approval.ts";
import type { ApiEnv } from "../../api-env.ts";
import { HTML_FORM_CSP } from "../../pages/html-form-csp.ts";
import { htmlFormText } from "../../pages/html-form-frame.ts";
import { type PageDeps, pageRequest } from "../../pages/page-context.ts";
import { pathId } from "../../path-ids.ts";

/**
 * `GET /ui/approvals/{approvalId}/form`: the HTML form file the approval's node names
 * (`htmlForm`), as its template version loaded it, for the approval page's sandboxed frame.
 * Whoever may read the approval page may read it (a signed-in user of the approval's tenant;
 * 401 page otherwise, 404 for another tenant's approval or a node without an HTML form). It is
 * answered with its own strict Content-Security-Policy ({@link HTML_FORM_CSP}: inline script
 * only, no network, sandboxed) and never cached; it changes nothing.
 *
 * @example
 * htmlFormRoutes(app, backend, deps);
 */
export function htmlFormRoutes(app: Hono<ApiEnv>, backend: Backend, deps: PageDeps): void {
  app.get("/ui/approvals/:approvalId/form", async (c) => {
    const page = await pageRequest(c, deps);
    const { tenant, user } = page.signedIn();
    const id = pathId("approval", c.req.param("approvalId"));
    const html = htmlFormText(await readApproval(backend, tenant, id, user));
    if (html === undefined) {
      throw new OperationRefusedError("not-found", `the step of approval ${id} has no HTML form`);
    }
    return c.body(html, 200, {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": HTML_FORM_CSP,
      "Cache-Control": "no-store",
    });
  });
}
