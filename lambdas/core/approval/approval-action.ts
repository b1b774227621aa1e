/**
 * A person's action on a pending approval (SEMANTICS §5, §8). `output` is what the person gave
 * with it, kept in the approval's log: form values and a `comment` for a decision, a `comment`
 * for a transfer or an add-sign.
 */
export type ApprovalAction =
  | { act: "approve" | "reject"; by: string; output?: Record<string, unknown> }
  | { act: "transfer"; by: string; to: string; output?: Record<string, unknown> }
  | {
      act: "addSign";
      by: string;
      user: string;
      position: "before" | "after";
      output?: Record<string, unknown>;
    };
