/**
 * Why Step Functions refused a task result: the state timed out (`TaskTimedOut`), the
 * execution or state no longer exists (`TaskDoesNotExist`), or the token is not one
 * (`InvalidToken`). Operations reconcile these with what they recorded.
 */
export type TaskTokenGoneReason = "TaskTimedOut" | "TaskDoesNotExist" | "InvalidToken";

/**
 * The parked state a token stood for is gone; thrown by {@link TaskResults} adapters.
 *
 * @example
 * throw new TaskTokenGoneError("TaskTimedOut");
 */
export class TaskTokenGoneError extends Error {
  override readonly name = "Baton.TaskTokenGone";
  readonly reason: TaskTokenGoneReason;

  constructor(reason: TaskTokenGoneReason) {
    super(`the parked state is gone (${reason})`);
    this.reason = reason;
  }
}
