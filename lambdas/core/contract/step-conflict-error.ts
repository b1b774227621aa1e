import { BATON_ERRORS } from "./baton-errors.ts";

/**
 * A scheduler-loop step that lost a race with another write of the same instance; the
 * compiled loop retries it.
 *
 * @example
 * throw new StepConflictError("instance i-1 changed meanwhile");
 */
export class StepConflictError extends Error {
  override readonly name = BATON_ERRORS.stepConflict;
}
