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

/**
 * The longest a decided approval's output may be as JSON (characters): every decision's form
 * values and comment merged, which a rejection carries as its `SendTaskFailure` cause (at most
 * 32,768 characters, and the compiled machine parses it back). A decision that would pass it
 * is refused `too-large`.
 */
export const MAX_DECISION_OUTPUT_CHARS = 32_768;
