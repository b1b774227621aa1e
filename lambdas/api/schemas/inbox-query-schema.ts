import { IDENTIFIER_SCHEMA } from "./identifier-schema.ts";
import { PAGE_QUERY_SCHEMA, type PageQuery } from "./page-query-schema.ts";

/** The query of `GET /v1/approvals`. */
export interface InboxQuery extends PageQuery {
  assignee?: string;
  status?: "pending" | "done";
  view?: "cc" | "started";
}

/**
 * JSON Schema of {@link InboxQuery}: `status` (to-do or done approvals) or `view` (CC'd or
 * started), not both, and `assignee`, when given, must be the caller: the route checks those.
 *
 * @example
 * ?assignee=al&status=pending&limit=20
 */
export const INBOX_QUERY_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    assignee: IDENTIFIER_SCHEMA,
    status: { enum: ["pending", "done"] },
    view: { enum: ["cc", "started"] },
    ...PAGE_QUERY_SCHEMA.properties,
  },
} as const;
