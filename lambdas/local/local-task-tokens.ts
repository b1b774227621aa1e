import { pooledRandomBytes } from "../adapters/pooled-random-bytes.ts";
import type { TaskResults } from "../core/ports/task-results.ts";
import { TaskTokenGoneError } from "../core/ports/task-token-gone-error.ts";
import { TaskError } from "./task-error.ts";

interface Parked {
  resolve(output: unknown): void;
  reject(error: Error): void;
  execution: string;
  onHeartbeat: (() => Promise<void> | void) | undefined;
}

/** How long {@link LocalTaskTokens} remembers what it issued and retired. */
export interface LocalTaskTokensOptions {
  /**
   * Keep every token issued, in order, in {@link LocalTaskTokens.issued} (simulations and
   * tests check that none leaks into a state's output). A long-running engine keeps none.
   *
   * @default false
   */
  keepIssued?: boolean;
  /**
   * How many retired tokens keep the reason they are gone (`TaskTimedOut`,
   * `TaskDoesNotExist`); an older one answers `InvalidToken`, as every token of an earlier run
   * does after a restart.
   *
   * @default 100_000
   */
  goneKept?: number;
}

/**
 * Task tokens of the local runtimes (the embedded engine and simulations), standing in for
 * Step Functions' (the local interpreter has no `$$.Task.Token`): an unguessable token per
 * parked state (256 random bits from `pooledRandomBytes`), resumed as SendTaskSuccess and
 * SendTaskFailure would; a token whose state timed out, whose branch was stopped or whose
 * execution ended is gone, as on AWS. What it holds is bounded: the parked tokens, the last
 * {@link LocalTaskTokensOptions.goneKept} retired ones, and the issued list only when asked.
 *
 * @example
 * const { token, result } = tokens.park("exec-1");
 * await tokens.succeed(token, { outcome: "approved", output: {} }); // result resolves
 */
export class LocalTaskTokens implements TaskResults {
  private readonly parked = new Map<string, Parked>();
  /** The parked tokens of each execution, so that its end retires them without a scan of all. */
  private readonly byExecution = new Map<string, Set<string>>();
  /** The most recently retired tokens, oldest first (a Map keeps insertion order). */
  private readonly gone = new Map<string, TaskTokenGoneError["reason"]>();
  private readonly goneKept: number;
  private readonly keepIssued: boolean;
  /** Every token issued, in order, when made with `keepIssued`; else empty. */
  readonly issued: string[] = [];
  /** How many tokens were issued. */
  issuedCount = 0;

  /** @param options - what to keep. @default { keepIssued: false, goneKept: 100_000 } */
  constructor(options: LocalTaskTokensOptions = {}) {
    this.keepIssued = options.keepIssued ?? false;
    this.goneKept = options.goneKept ?? 100_000;
  }

  /**
   * Parks a state of `execution` on a fresh token.
   *
   * @param onHeartbeat - called on each heartbeat sent for the token; the heartbeat is
   *   answered once what it returns settles (so what it records is kept first). @default none
   */
  park(
    execution: string,
    onHeartbeat?: () => Promise<void> | void,
  ): { token: string; result: Promise<unknown> } {
    const token = pooledRandomBytes(32).toString("base64url");
    this.issuedCount += 1;
    if (this.keepIssued) this.issued.push(token);
    const { promise, resolve, reject } = Promise.withResolvers<unknown>();
    // A plugin may report on its callback before its own call returns, so the state can fail
    // before the runtime awaits `result`: marked handled, that failure is no unhandled
    // rejection (which ends a Node process); whoever awaits `result` still gets it.
    promise.catch(() => {});
    this.parked.set(token, { resolve, reject, execution, onHeartbeat });
    const tokens = this.byExecution.get(execution);
    if (tokens) tokens.add(token);
    else this.byExecution.set(execution, new Set([token]));
    return { token, result: promise };
  }

  /**
   * The state behind the token timed out: it fails with `error`, `States.Timeout` for its
   * `TimeoutSeconds` or `States.HeartbeatTimeout` for its `HeartbeatSeconds`.
   *
   * @param error - the error raised. @default "States.Timeout"
   */
  timeOut(
    token: string,
    error: "States.Timeout" | "States.HeartbeatTimeout" = "States.Timeout",
  ): boolean {
    const parked = this.parked.get(token);
    if (!parked) return false;
    this.retire(token, "TaskTimedOut");
    parked.reject(
      new TaskError(
        error,
        error === "States.Timeout" ? "the task timed out" : "the task sent no heartbeat in time",
      ),
    );
    return true;
  }

  /**
   * The state behind the token failed before it parked (its handler threw): the token is gone,
   * as Step Functions refuses a result for a Task that has failed, so that a late result (a
   * decision on the approval it stored, a plugin's report) cannot resume it.
   *
   * @example
   * tokens.abandon(token); // openApproval threw after storing the record
   */
  abandon(token: string): void {
    if (this.parked.has(token)) this.retire(token, "TaskDoesNotExist");
  }

  /** Every token of an execution that ended, or of states a stopped branch left, is gone. */
  retireExecution(execution: string): void {
    for (const token of this.byExecution.get(execution) ?? []) {
      this.retire(token, "TaskDoesNotExist");
    }
  }

  async succeed(token: string, output: Record<string, unknown>): Promise<void> {
    this.take(token).resolve(output);
  }

  async fail(token: string, error: string, cause: string): Promise<void> {
    this.take(token).reject(new TaskError(error, cause));
  }

  async heartbeat(token: string): Promise<void> {
    const parked = this.parked.get(token);
    if (!parked) throw new TaskTokenGoneError(this.gone.get(token) ?? "InvalidToken");
    await parked.onHeartbeat?.();
  }

  private take(token: string): Parked {
    const parked = this.parked.get(token);
    if (!parked) throw new TaskTokenGoneError(this.gone.get(token) ?? "InvalidToken");
    this.retire(token, "TaskDoesNotExist");
    return parked;
  }

  private retire(token: string, reason: TaskTokenGoneError["reason"]): void {
    const parked = this.parked.get(token);
    if (parked) {
      const tokens = this.byExecution.get(parked.execution);
      tokens?.delete(token);
      if (tokens?.size === 0) this.byExecution.delete(parked.execution);
    }
    this.parked.delete(token);
    this.gone.delete(token);
    this.gone.set(token, reason);
    if (this.gone.size > this.goneKept) {
      const oldest = this.gone.keys().next().value;
      if (oldest !== undefined) this.gone.delete(oldest);
    }
  }
}
