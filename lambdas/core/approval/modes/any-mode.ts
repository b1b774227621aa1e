import { type ApprovalModePolicy, undecidedSeats } from "../approval-mode-policy.ts";

/** Or-sign (或签): the first decision of any seat decides the node. */
export const anyMode: ApprovalModePolicy = {
  openSeats: undecidedSeats,
  verdict(seats) {
    return seats.find((seat) => seat.decision !== undefined)?.decision;
  },
};
