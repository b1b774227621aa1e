import { type ApprovalModePolicy, undecidedSeats } from "../approval-mode-policy.ts";

/**
 * Vote (票签): approved once approvals/seats reaches the threshold, rejected once that can no
 * longer happen.
 */
export const voteMode: ApprovalModePolicy = {
  openSeats: undecidedSeats,
  verdict(seats, threshold = 1) {
    const approvals = seats.filter((seat) => seat.decision === "approved").length;
    const rejections = seats.filter((seat) => seat.decision === "rejected").length;
    if (approvals / seats.length >= threshold) return "approved";
    if ((seats.length - rejections) / seats.length < threshold) return "rejected";
    return undefined;
  },
};
