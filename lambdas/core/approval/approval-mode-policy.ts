import type { Seat } from "../engine/instance-state.ts";

/** The verdict of an approval node's seats, or `undefined` while it is still open. */
export type ApprovalVerdict = "approved" | "rejected" | undefined;

/**
 * How an approval mode combines seats (SEMANTICS §5): which seats may act now, and when the
 * node is decided. One implementation per mode, under `modes/`.
 */
export interface ApprovalModePolicy {
  /** Indexes of the seats that may act now. */
  openSeats(seats: readonly Seat[]): number[];
  /** The node's verdict after the seats' decisions so far. */
  verdict(seats: readonly Seat[], threshold?: number): ApprovalVerdict;
}

/** Indexes of the seats that have not decided yet. */
export function undecidedSeats(seats: readonly Seat[]): number[] {
  return seats.flatMap((seat, index) => (seat.decision ? [] : [index]));
}

/** Countersign verdict: rejected by any rejection, approved once every seat approved. */
export function unanimousVerdict(seats: readonly Seat[]): ApprovalVerdict {
  if (seats.some((seat) => seat.decision === "rejected")) return "rejected";
  return seats.every((seat) => seat.decision === "approved") ? "approved" : undefined;
}
