import type { ExecutionInput } from "../contract/handler-payloads.ts";

/** Where an execution of a state machine stands, in Step Functions' words. */
export type ExecutionStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";

/**
 * Starts and stops executions of compiled templates: Step Functions on AWS (one state machine
 * per template version), the embedded runtime at home. Starting with the same name twice
 * starts one execution (the start operation's idempotency relies on it).
 *
 * @example
 * const executionId = await executions.start("expense", 1, instanceId, input);
 */
export interface Executions {
  /** Starts the execution named `name`; returns its id (ARN on AWS). */
  start(
    templateId: string,
    templateVersion: number,
    name: string,
    input: ExecutionInput,
  ): Promise<string>;
  /** Stops it, if it runs; `cause` says why (never a secret). */
  stop(executionId: string, cause: string): Promise<void>;
}
