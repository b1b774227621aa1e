/** What a person asks of a pending approval (the body of `POST /v1/approvals/{id}/decision`). */
export type DecisionRequest =
  | { action: "approve" | "reject"; comment?: string; form?: Record<string, unknown> }
  | { action: "transfer"; to: string; comment?: string }
  | { action: "addSign"; user: string; position: "before" | "after"; comment?: string }
  | { action: "remind"; comment?: string };

/** The longest comment accepted, so that a rejection's cause stays far below 32,768 characters. */
export const MAX_COMMENT_CHARS = 2000;

/** The largest form values accepted, as JSON. */
export const MAX_FORM_BYTES = 16 * 1024;
