import type { Hono } from "hono";
import type { Backend } from "../../core/backend/backend.ts";
import { OperationRefusedError } from "../../core/contract/operation-refused-error.ts";
import type { InboxView } from "../../core/contract/table-layout.ts";
import { actOnApproval } from "../../core/operations/act-on-approval.ts";
import type { DecisionRequest } from "../../core/operations/decision-request.ts";
import { listInbox } from "../../core/operations/list-inbox.ts";
import type { ApiEnv } from "../api-env.ts";
import { parseJsonBody } from "../parse-json-body.ts";
import { pathId } from "../path-ids.ts";
import { readBody } from "../read-body.ts";
import { requestValidator } from "../request-validator.ts";
import { DECISION_REQUEST_SCHEMA } from "../schemas/decision-request-schema.ts";
import { INBOX_QUERY_SCHEMA, type InboxQuery } from "../schemas/inbox-query-schema.ts";
import { pageRequest } from "../schemas/page-request.ts";

const inboxQuery = requestValidator<InboxQuery>(INBOX_QUERY_SCHEMA, "query");
const decisionRequest = requestValidator<DecisionRequest>(DECISION_REQUEST_SCHEMA, "body");

/** The inbox view a query asks for: `status` pending → todo, done → done; else `view`. */
function inboxView(query: InboxQuery): InboxView {
  if (query.status !== undefined && query.view !== undefined) {
    throw new OperationRefusedError("invalid", "give either status or view, not both");
  }
  if (query.view !== undefined) return query.view;
  return query.status === "done" ? "done" : "todo";
}

/**
 * The caller's inbox and decisions: `GET /v1/approvals` (to-do rows carry the caller's own
 * approval link) and `POST /v1/approvals/{approvalId}/decision`.
 *
 * @example
 * approvalRoutes(app, backend);
 */
export function approvalRoutes(app: Hono<ApiEnv>, backend: Backend): void {
  app.get("/v1/approvals", async (c) => {
    const { tenant, user } = c.get("identity");
    const query = inboxQuery(c.req.query(), backend.schemas);
    if (query.assignee !== undefined && query.assignee !== user) {
      throw new OperationRefusedError("forbidden", "you may only list your own approvals");
    }
    const page = await listInbox(backend, tenant, user, inboxView(query), pageRequest(query));
    return c.json(page);
  });

  app.post("/v1/approvals/:approvalId/decision", async (c) => {
    const { tenant, user } = c.get("identity");
    const approvalId = pathId("approval", c.req.param("approvalId"));
    const request = decisionRequest(parseJsonBody(await readBody(c.req.raw)), backend.schemas);
    return c.json(await actOnApproval(backend, tenant, approvalId, user, request));
  });
}
