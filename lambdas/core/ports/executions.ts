import type { ExecutionInput, ExecutionOutput } from "../contract/handler-payloads.ts";

/** Where an execution of a state machine stands, in Step Functions' words. */
export type ExecutionStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";

/**
 * What an execution's status read answers: its status and, once it ended, what the
 * status-change event would have carried.
 *
 * @example
 * const described: ExecutionDescription = { status: "FAILED", cause: "States.Runtime: …" };
 */
export interface ExecutionDescription {
  status: ExecutionStatus;
  /** Why it failed, timed out or was stopped (error and cause joined), when known. */
  cause?: string;
  /** A succeeded execution's output. */
  output?: ExecutionOutput;
}

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
  /**
   * Where it stands (an execution still waiting for a redrive counts as running), or
   * `undefined` when the engine knows no such execution (never started, forgotten).
   */
  describe(executionId: string): Promise<ExecutionDescription | undefined>;
}
