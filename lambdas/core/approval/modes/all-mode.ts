import {
  type ApprovalModePolicy,
  unanimousVerdict,
  undecidedSeats,
} from "../approval-mode-policy.ts";

/** Countersign (会签/并签): every seat must approve; one rejection rejects the node. */
export const allMode: ApprovalModePolicy = {
  openSeats: undecidedSeats,
  verdict: unanimousVerdict,
};
