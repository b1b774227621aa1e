import type { Hono } from "hono";
import type { Backend } from "../../core/backend/backend.ts";
import { OperationRefusedError } from "../../core/contract/operation-refused-error.ts";
import type { RecordedDecision } from "../../core/operations/act-on-approval.ts";
import {
  decideByLink,
  type LinkedApproval,
  readLinkedApproval,
} from "../../core/operations/approval-by-link.ts";
import { findApprovalNode } from "../../core/operations/find-approval-node.ts";
import type { ApiEnv } from "../api-env.ts";
import type { IdentityResolver } from "../identity.ts";
import { linkCsrfHolds, linkCsrfToken } from "../link-csrf-token.ts";
import { decisionPageHtml } from "../pages/decision-page.ts";
import { HTML_FORM_CSP } from "../pages/html-form-csp.ts";
import { htmlFormOf } from "../pages/html-form-frame.ts";
import { linkPageHtml } from "../pages/link-page.ts";
import { nodeFormFieldNames, nodeFormValues } from "../pages/node-form-post.ts";
import type { PageAssets } from "../pages/page-assets.ts";
import { pageLocale } from "../pages/page-locale.ts";
import { readBody } from "../read-body.ts";

/** The fields a link page's form posts besides the node's form values. */
const PAGE_FIELDS = ["csrf", "action", "comment"];

/** The template version the linked approval's instance runs, and the approval's node in it. */
async function templateOf(backend: Backend, linked: LinkedApproval) {
  const { templateId, templateVersion } = linked.instance;
  const template = await backend.templates.get(templateId, templateVersion);
  const node = template && findApprovalNode(template, linked.approval.nodeId);
  return { template, node };
}

/** Where a link's HTML form is served: `/a/{linkId}/form`. */
const linkFormPath = (linkId: string) => `/a/${encodeURIComponent(linkId)}/form`;

/**
 * Approval links (email, IM): `GET /a/{linkId}` (and HEAD) shows a confirmation page and
 * changes nothing, so that scanners opening links decide nothing; `POST /a/{linkId}` (the
 * page's form, form-encoded) decides once, only with the page's CSRF token (403 without),
 * and shows the recorded decision. Links are bearer credentials, so no sign-in is needed; a
 * signed-in viewer other than the link's approver is refused. A node that names an HTML form
 * has it framed on the page as on the approval page: `GET /a/{linkId}/form` serves it, with
 * its own strict CSP, to whoever holds the link.
 *
 * @param assets - the pages' built scripts (the HTML form's frame script)
 * @example
 * linkRoutes(app, backend, identity, async () => assets);
 */
export function linkRoutes(
  app: Hono<ApiEnv>,
  backend: Backend,
  identity: IdentityResolver,
  assets: () => Promise<PageAssets>,
): void {
  app.get("/a/:linkId", async (c) => {
    const linkId = c.req.param("linkId");
    const linked = await readLinkedApproval(backend, linkId, await identity(c.req.raw));
    const csrf = linkCsrfToken(backend.secrets.linkKey, linkId);
    const locale = pageLocale(c.req.raw);
    const { template, node } = await templateOf(backend, linked);
    const htmlForm =
      htmlFormOf(template, node) === undefined
        ? {}
        : { htmlForm: { src: linkFormPath(linkId), script: (await assets()).url("html-form.js") } };
    return c.html(linkPageHtml({ linked, template, node, csrf, locale, ...htmlForm }));
  });

  app.get("/a/:linkId/form", async (c) => {
    const linkId = c.req.param("linkId");
    const linked = await readLinkedApproval(backend, linkId, await identity(c.req.raw));
    const { template, node } = await templateOf(backend, linked);
    const html = htmlFormOf(template, node);
    if (html === undefined) {
      throw new OperationRefusedError("not-found", "the step of this link has no HTML form");
    }
    return c.body(html, 200, {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": HTML_FORM_CSP,
      "Cache-Control": "no-store",
    });
  });

  app.post("/a/:linkId", async (c) => {
    const linkId = c.req.param("linkId");
    const posted = new URLSearchParams(await readBody(c.req.raw));
    if (!linkCsrfHolds(backend.secrets.linkKey, linkId, posted.get("csrf"))) {
      throw new OperationRefusedError(
        "forbidden",
        "the form is stale or forged: open the link again",
      );
    }
    const linked = await readLinkedApproval(backend, linkId, await identity(c.req.raw));
    const { node } = await templateOf(backend, linked);
    const allowed = [...PAGE_FIELDS, ...nodeFormFieldNames(node)];
    const unknown = [...new Set(posted.keys())].filter((name) => !allowed.includes(name));
    if (unknown.length > 0) {
      throw new OperationRefusedError("invalid", `unknown fields: ${unknown.join(", ")}`, unknown);
    }
    const action = posted.get("action");
    if (action !== "approve" && action !== "reject") {
      throw new OperationRefusedError("invalid", "action must be approve or reject");
    }
    const comment = posted.get("comment") ?? "";
    const form = nodeFormValues(node, posted);
    try {
      const decision = await decideByLink(backend, linkId, linked, {
        action,
        ...(comment === "" ? {} : { comment }),
        ...(form ? { form } : {}),
      });
      return c.html(decisionPageHtml(decision, "recorded", pageLocale(c.req.raw)), 200);
    } catch (error) {
      if (error instanceof OperationRefusedError && error.code === "conflict" && error.details) {
        const recorded = error.details as RecordedDecision;
        return c.html(decisionPageHtml(recorded, "alreadyDecided", pageLocale(c.req.raw)), 409);
      }
      throw error;
    }
  });
}
