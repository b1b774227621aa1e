/**
 * Why Step Functions refused a task result: the state timed out (`TaskTimedOut`), the
 * execution or state no longer exists (`TaskDoesNotExist`), or the token is not one
 * (`InvalidToken`) — the names of Step Functions' own errors. Operations reconcile these with
 * what they recorded.
 */
export const TASK_TOKEN_GONE_REASONS = [
  "TaskTimedOut",
  "TaskDoesNotExist",
  "InvalidToken",
] as const;

/** One of {@link TASK_TOKEN_GONE_REASONS}. */
export type TaskTokenGoneReason = (typeof TASK_TOKEN_GONE_REASONS)[number];

/**
 * Whether a value names one of {@link TASK_TOKEN_GONE_REASONS}: an SDK error's name, a relayed
 * answer's reason.
 *
 * @example
 * isTaskTokenGoneReason("TaskTimedOut"); // true
 */
export function isTaskTokenGoneReason(value: unknown): value is TaskTokenGoneReason {
  return (TASK_TOKEN_GONE_REASONS as readonly unknown[]).includes(value);
}

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
