import { IDENTIFIER_SCHEMA } from "./identifier-schema.ts";

/** The query of `GET /v1/approvals`. */
export interface InboxQuery {
  assignee?: string;
  status?: "pending" | "done";
  view?: "cc" | "started";
  limit?: string;
  cursor?: string;
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
    limit: { type: "string", pattern: "^(?:[1-9]|[1-9][0-9]|100)$" },
    cursor: { type: "string", minLength: 1, maxLength: 512, pattern: "^[A-Za-z0-9_-]+$" },
  },
} as const;
