import { BATON_ERRORS } from "./baton-errors.ts";

/**
 * An approval node whose approvers resolved to nobody (SEMANTICS §5): the node fails.
 * Its name is the error the compiled state machine catches.
 *
 * @example
 * throw new NoApproversError("approvers path input.owner holds no user id or list of user ids");
 */
export class NoApproversError extends Error {
  override readonly name = BATON_ERRORS.noApprovers;
}
