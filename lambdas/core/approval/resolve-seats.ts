import type { FlowContext, Seat } from "../engine/instance-state.ts";
import { readPath } from "../engine/read-path.ts";
import type { Approvers } from "../model/template.ts";
import type { Directory } from "./directory.ts";

/** The seats of an approval node, or why there are none. */
export type SeatResolution = { seats: Seat[] } | { error: string };

function seatOf(holders: string[]): Seat {
  return { holders, returnTo: [], after: [] };
}

function userSeats(users: readonly string[]): Seat[] {
  return [...new Set(users)].map((user) => seatOf([user]));
}

function isUserList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string" && item !== "");
}

/**
 * Resolves a node's approvers into seats when the node activates (SEMANTICS §5): one seat per
 * user for `users`, `path` and `role`; one seat per group for `groups` (countersign), any member
 * of which may act for it. An empty result is an error that fails the node.
 *
 * @example
 * resolveSeats({ path: "input.owner" }, { input: { owner: "al" }, nodes: {} }, directory);
 * // { seats: [{ holders: ["al"], returnTo: [], after: [] }] }
 */
export function resolveSeats(
  approvers: Approvers,
  context: FlowContext,
  directory: Directory,
): SeatResolution {
  let seats: Seat[] = [];
  let source = "";
  if (approvers.users) {
    seats = userSeats(approvers.users);
    source = "users";
  } else if (approvers.groups) {
    seats = approvers.groups
      .filter((group) => group.length > 0)
      .map((g) => seatOf([...new Set(g)]));
    source = "groups";
  } else if (approvers.path !== undefined) {
    const value = readPath(context, approvers.path);
    const users = typeof value === "string" && value !== "" ? [value] : value;
    if (!isUserList(users)) {
      return { error: `approvers path ${approvers.path} holds no user id or list of user ids` };
    }
    seats = userSeats(users);
    source = `path ${approvers.path}`;
  } else if (approvers.role !== undefined) {
    seats = userSeats(directory.usersInRole(approvers.role));
    source = `role ${approvers.role}`;
  }
  return seats.length > 0 ? { seats } : { error: `approvers ${source} resolved to nobody` };
}
