import type { Context, Hono } from "hono";
import type { Backend } from "../../../core/backend/backend.ts";
import { OperationRefusedError } from "../../../core/contract/operation-refused-error.ts";
import type { ApprovalNode } from "../../../core/model/template.ts";
import { actOnApproval } from "../../../core/operations/act-on-approval.ts";
import type { DecisionRequest } from "../../../core/operations/decision-request.ts";
import { type ApprovalView, readApproval } from "../../../core/operations/read-approval.ts";
import type { ApiEnv } from "../../api-env.ts";
import { ERROR_STATUS } from "../../error-status.ts";
import {
  type ApprovalNotice,
  type ApprovalPage,
  approvalPageBody,
  approvalPagePath,
  approvalPageTitle,
} from "../../pages/approval-page.ts";
import { APPROVAL_TEXT, type ApprovalPageAction } from "../../pages/approval-text.ts";
import { formProblemFields } from "../../pages/form-fields.ts";
import { htmlFormText } from "../../pages/html-form-frame.ts";
import { nodeFormFieldNames, nodeFormValues } from "../../pages/node-form-post.ts";
import { type PageDeps, type PageRequest, pageRequest } from "../../pages/page-context.ts";
import { pathId } from "../../path-ids.ts";
import { readBody } from "../../read-body.ts";

/** The page's forms, named by the `form` field each posts; also their CSRF actions' prefixes. */
const FORMS = ["decide", "transfer", "add-sign", "remind"] as const;
type ApprovalForm = (typeof FORMS)[number];

/** The fields each form posts (the decision form also posts the node's form fields). */
const FIELDS: Readonly<Record<ApprovalForm, readonly string[]>> = {
  decide: ["form", "csrf", "action", "comment"],
  transfer: ["form", "csrf", "to", "comment"],
  "add-sign": ["form", "csrf", "user", "position", "comment"],
  remind: ["form", "csrf", "comment"],
};

const DONE: readonly string[] = ["approve", "reject", "transfer", "addSign", "remind"];

const isForm = (value: string | null): value is ApprovalForm =>
  FORMS.some((form) => form === value);

const isDone = (value: string | undefined): value is ApprovalPageAction =>
  value !== undefined && DONE.includes(value);

/**
 * Whether `user` did `action` on the approval: the `?done=` notice is shown only then, so that a
 * link someone else made cannot tell an approver they acted when they did not.
 */
function didAct(view: ApprovalView, action: ApprovalPageAction, user: string): boolean {
  if (action === "remind") {
    return view.instance.history.some(
      (entry) =>
        entry.type === "approval.reminded" &&
        entry.actor === user &&
        entry.detail.approvalId === view.approvalId,
    );
  }
  return view.approval.log.some((entry) => entry.by === user && entry.act === action);
}

/** What one of the page's forms asks, read from its posted fields; bad fields refuse `invalid`. */
function requestOf(
  form: ApprovalForm,
  posted: URLSearchParams,
  node: ApprovalNode | undefined,
): DecisionRequest {
  const allowed = [...FIELDS[form], ...(form === "decide" ? nodeFormFieldNames(node) : [])];
  const unknown = [...new Set(posted.keys())].filter((name) => !allowed.includes(name));
  if (unknown.length > 0) {
    throw new OperationRefusedError("invalid", `unknown fields: ${unknown.join(", ")}`, unknown);
  }
  const text = posted.get("comment") ?? "";
  const comment = text === "" ? {} : { comment: text };
  switch (form) {
    case "decide": {
      const action = posted.get("action");
      if (action !== "approve" && action !== "reject") {
        throw new OperationRefusedError("invalid", "action must be approve or reject");
      }
      const values = nodeFormValues(node, posted);
      return { action, ...comment, ...(values ? { form: values } : {}) };
    }
    case "transfer":
      return { action: "transfer", to: posted.get("to") ?? "", ...comment };
    case "add-sign": {
      const position = posted.get("position");
      if (position !== "before" && position !== "after") {
        throw new OperationRefusedError("invalid", "position must be before or after");
      }
      return { action: "addSign", user: posted.get("user") ?? "", position, ...comment };
    }
    case "remind":
      return { action: "remind", ...comment };
  }
}

/**
 * The approval page: `GET /ui/approvals/{approvalId}` shows it (any signed-in user of the tenant
 * may read it; the forms only to whoever may act now) and changes nothing; `?done={action}`
 * adds the notice of what the viewer just did (only if they did). Each of its forms posts to
 * the page's own path, `POST /ui/approvals/{approvalId}`, naming itself in the field `form`:
 * `decide` (approve/reject with comment and the node's form values), `transfer`, `add-sign`,
 * `remind` — checked first against its CSRF token (`{form}:{approvalId}`, 403
 * when it fails), then acted on by `actOnApproval` as the JSON decision route does, and answered
 * by a redirect (303) back to the page. A refusal draws the page again with its status: form
 * values the node's schema refuses (400) keep what was posted and name the fields; a second
 * submit of a stale form (the approval decided, or the viewer's own part already recorded)
 * answers 409 with the page showing what is recorded.
 *
 * @example
 * approvalPageRoutes(app, backend, deps);
 */
export function approvalPageRoutes(app: Hono<ApiEnv>, backend: Backend, deps: PageDeps): void {
  const draw = (
    c: Context<ApiEnv>,
    page: PageRequest,
    view: ApprovalView,
    extra: Pick<ApprovalPage, "notice" | "problems" | "posted"> = {},
    status: 200 | (typeof ERROR_STATUS)[keyof typeof ERROR_STATUS] = 200,
  ) => {
    const body = approvalPageBody({
      view,
      locale: page.locale,
      viewer: page.signedIn().user,
      csrf: page.csrf,
      ...extra,
    });
    const framed = view.may.decide && htmlFormText(view) !== undefined;
    const scripts = framed ? ["approval.js", "html-form.js"] : ["approval.js"];
    return c.html(page.page(approvalPageTitle(view), body, scripts), status);
  };

  app.get("/ui/approvals/:approvalId", async (c) => {
    const page = await pageRequest(c, deps);
    const { tenant, user } = page.signedIn();
    const id = pathId("approval", c.req.param("approvalId"));
    const view = await readApproval(backend, tenant, id, user);
    const done = c.req.query("done");
    const notice: ApprovalNotice | undefined =
      isDone(done) && didAct(view, done, user)
        ? { kind: "done", text: APPROVAL_TEXT[page.locale].done[done] }
        : undefined;
    return draw(c, page, view, notice ? { notice } : {});
  });

  app.post("/ui/approvals/:approvalId", async (c) => {
    const posted = new URLSearchParams(await readBody(c.req.raw));
    const page = await pageRequest(c, deps);
    const id = c.req.param("approvalId");
    const form = posted.get("form");
    page.checkCsrf(`${form}:${id}`, posted.get("csrf"));
    const { tenant, user } = page.signedIn();
    if (!isForm(form)) throw new OperationRefusedError("invalid", "no such form");
    const view = await readApproval(backend, tenant, pathId("approval", id), user);
    const request = requestOf(form, posted, view.node);
    try {
      await actOnApproval(backend, tenant, id, user, request);
    } catch (error) {
      if (!(error instanceof OperationRefusedError)) throw error;
      if (error.code === "not-found" || error.code === "unauthenticated") throw error;
      const now = await readApproval(backend, tenant, id, user);
      const text = APPROVAL_TEXT[page.locale];
      const mine = now.approval.log.some((entry) => entry.by === user);
      if (error.code === "conflict" || (error.code === "forbidden" && mine)) {
        return draw(c, page, now, { notice: { kind: "already", text: text.already } }, 409);
      }
      const problems =
        error.code === "invalid" && view.node?.form && Array.isArray(error.details)
          ? formProblemFields(view.node.form, error.details as string[])
          : undefined;
      const refused = problems
        ? { problems, posted }
        : { notice: { kind: "refused" as const, text: error.message } };
      return draw(c, page, now, refused, ERROR_STATUS[error.code]);
    }
    return c.redirect(`${approvalPagePath(id)}?done=${request.action}`, 303);
  });
}
