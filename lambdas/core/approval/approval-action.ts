/** A person's action on a pending approval (SEMANTICS §5, §8). */
export type ApprovalAction =
  | { act: "approve" | "reject"; by: string; output?: Record<string, unknown> }
  | { act: "transfer"; by: string; to: string }
  | { act: "addSign"; by: string; user: string; position: "before" | "after" };
