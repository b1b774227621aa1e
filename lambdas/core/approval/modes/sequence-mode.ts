import {
  type ApprovalModePolicy,
  unanimousVerdict,
  undecidedSeats,
} from "../approval-mode-policy.ts";

/** Sequential sign (依次审批): seats decide in order, each must approve. */
export const sequenceMode: ApprovalModePolicy = {
  openSeats(seats) {
    return undecidedSeats(seats).slice(0, 1);
  },
  verdict: unanimousVerdict,
};
