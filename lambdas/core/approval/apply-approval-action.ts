import type { ApprovalState, Seat } from "../engine/instance-state.ts";
import type { ApprovalAction } from "./approval-action.ts";
import type { ApprovalModePolicy } from "./approval-mode-policy.ts";

function approveSeat(seat: Seat): void {
  const returning = seat.returnTo.pop();
  if (returning) {
    seat.holders = returning;
    return;
  }
  const next = seat.after.shift();
  if (next !== undefined) {
    seat.holders = [next];
    return;
  }
  seat.decision = "approved";
}

/**
 * Applies an approver's action to the seats of an open approval, in place. Returns `false`,
 * changing nothing, when the actor may not act: not a holder of a seat open under the mode
 * (out of turn in a sequence, transferred away, already decided), or a transfer/add-sign to
 * the actor themself.
 *
 * - approve: an approver added `before` hands the seat back to whoever added them; a holder
 *   with approvers added `after` hands it on to the next of them; otherwise the seat is approved.
 * - reject: the seat is rejected, whoever on it rejects.
 * - transfer (转签): the seat moves to `to` alone.
 * - addSign (加签): `before` puts the added user in front; `after` queues them behind.
 *
 * @example
 * applyApprovalAction(approval, APPROVAL_MODES.any, { act: "approve", by: "alice" }); // true
 */
export function applyApprovalAction(
  approval: ApprovalState,
  policy: ApprovalModePolicy,
  action: ApprovalAction,
): boolean {
  const seatIndex = policy
    .openSeats(approval.seats)
    .find((index) => approval.seats[index]?.holders.includes(action.by));
  const seat = seatIndex === undefined ? undefined : approval.seats[seatIndex];
  if (seatIndex === undefined || seat === undefined) return false;
  switch (action.act) {
    case "approve":
      approveSeat(seat);
      break;
    case "reject":
      seat.decision = "rejected";
      break;
    case "transfer":
      if (action.to === action.by) return false;
      seat.holders = [action.to];
      break;
    case "addSign":
      if (action.user === action.by) return false;
      if (action.position === "before") {
        seat.returnTo.push([action.by]);
        seat.holders = [action.user];
      } else {
        seat.after.push(action.user);
      }
      break;
  }
  approval.log.push({
    seat: seatIndex,
    by: action.by,
    act: action.act,
    ...(action.act === "transfer" ? { user: action.to } : {}),
    ...(action.act === "addSign" ? { user: action.user, position: action.position } : {}),
    ...("output" in action && action.output ? { output: action.output } : {}),
  });
  return true;
}
