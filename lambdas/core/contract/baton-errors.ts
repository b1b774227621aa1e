/**
 * The errors Baton's handlers raise, which the compiled `Catch` clauses match. Baton's other
 * errors are named `Baton.*` too (a refusal, a function that cannot start: `Baton.SecretVariable`,
 * `Baton.NotifierSetup`), but no state machine catches or retries them.
 */
export const BATON_ERRORS = {
  /** An approval decided `rejected`; the cause is the decision's output as JSON. */
  rejected: "Baton.Rejected",
  /** A plugin reported failure after its retries; the cause is its output as JSON. */
  taskFailed: "Baton.TaskFailed",
  /** A plugin's transient error, retried by the task's `retry` policy. */
  pluginError: "Baton.PluginError",
  /** A branch reached a `join: any` first: the race is won. */
  arrived: "Baton.Arrived",
  /** A branch poisoned a `join: all` (cause: the reason). */
  poisoned: "Baton.Poisoned",
  /** A parked node of the scheduler loop completed (cause: `{ node, outcome, output }`). */
  resumed: "Baton.Resumed",
  /** An approval node whose approvers resolved to nobody: the node fails. */
  noApprovers: "Baton.NoApprovers",
  /** A scheduler-loop step lost a race with another write of the same instance; retried. */
  stepConflict: "Baton.StepConflict",
} as const;

/** The name of one of Baton's errors. */
export type BatonErrorName = (typeof BATON_ERRORS)[keyof typeof BATON_ERRORS];
