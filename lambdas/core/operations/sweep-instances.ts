import type { Backend } from "../backend/backend.ts";
import type { UnsettledInstance } from "../records/unsettled-instance.ts";
import { endInstance } from "./end-instance.ts";
import { type ExecutionChange, reconcileExecution } from "./reconcile-execution.ts";
import { resumeSettledCallback } from "./report-callback.ts";
import { resumeDecidedApproval } from "./resume-decided-approval.ts";

/** How long an instance goes without a write before the sweep visits it: 15 minutes. */
export const DEFAULT_SWEEP_GRACE_MS = 15 * 60 * 1000;

/** How a sweep runs. */
export interface SweepOptions {
  /**
   * How long an unsettled instance must have gone without a write before it is visited, in
   * milliseconds: an execution's status-change event normally arrives within seconds, so a
   * sweep never races it, nor a start that has not recorded its execution yet.
   *
   * @default DEFAULT_SWEEP_GRACE_MS (15 minutes)
   */
  graceMs?: number;
  /**
   * How many pages of unsettled instances one run reads at most (its work is bounded).
   *
   * @default 10
   */
  pages?: number;
  /**
   * How many instances a page holds.
   *
   * @default 50
   */
  pageSize?: number;
  /**
   * Where the previous run stopped (its result's `cursor`), so that successive runs go
   * through every unsettled instance however many there are.
   *
   * @default the oldest unsettled instance
   */
  cursor?: string;
}

/** What one sweep did, for logs and metrics. */
export interface SweepResult {
  /** Unsettled instances visited. */
  visited: number;
  /** Running instances whose execution had ended (or was unknown), reconciled. */
  reconciled: number;
  /** Ended instances whose closing had broken off, closed. */
  closed: number;
  /** Running instances whose execution runs, with a decision or callback report that never resumed it repaired. */
  resumed: number;
  /** Running instances left alone: their execution runs. */
  running: number;
  /** Instances the sweep could not settle (it went on with the others), and the error's name. */
  failed: { tenant: string; instanceId: string; error: string }[];
  /** Pages read. */
  pages: number;
  /** Where the next run goes on, when this one stopped at its page budget. */
  cursor?: string;
}

/** What visiting one instance came to. */
type Visit = "reconciled" | "closed" | "resumed" | "running";

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`sweep option ${name} must be a positive integer, not ${value}`);
  }
  return value;
}

/**
 * The change the execution of a running instance went through, or `undefined` while it runs.
 * An execution the engine does not know — never recorded (the start broke off), or forgotten
 * (Step Functions keeps a closed execution 90 days; the embedded engine none once reconciled)
 * — ended as its machine recorded if it recorded an end, else failed.
 */
async function executionChange(
  backend: Backend,
  instance: UnsettledInstance,
): Promise<ExecutionChange | undefined> {
  const { tenant, instanceId, executionId } = instance;
  const described =
    executionId === undefined ? undefined : await backend.executions.describe(executionId);
  if (described?.status === "RUNNING") return undefined;
  if (described) {
    return {
      tenant,
      instanceId,
      status: described.status,
      ...(described.cause === undefined ? {} : { cause: described.cause }),
      ...(described.output === undefined ? {} : { output: described.output }),
    };
  }
  const facts = await backend.stores.executionFacts.get(tenant, instanceId);
  if (facts.instanceStatus !== undefined) return { tenant, instanceId, status: "SUCCEEDED" };
  return {
    tenant,
    instanceId,
    status: "FAILED",
    cause:
      executionId === undefined
        ? "its start broke off before the execution was recorded"
        : "the engine knows no such execution",
  };
}

/**
 * Repairs the decisions and callback reports of a running instance that were recorded but
 * never resumed its execution (the request broke off and nobody asked again, or a repeat came
 * within the grace period and found it still settling): the execution would wait on them until
 * it times out, or for ever. Returns whether any was repaired.
 */
async function resumeRecorded(backend: Backend, instance: UnsettledInstance): Promise<boolean> {
  const { tenant, instanceId } = instance;
  const record = await backend.stores.instances.get(tenant, instanceId);
  if (!record) return false;
  let resumed = false;
  for (const approval of await backend.stores.approvals.listForInstance(tenant, instanceId)) {
    if (await resumeDecidedApproval(backend, record, approval)) resumed = true;
  }
  for (const entry of await backend.stores.history.list(tenant, instanceId)) {
    const callbackId = entry.type === "task.requested" ? entry.detail.callbackId : undefined;
    if (typeof callbackId !== "string") continue;
    const callback = await backend.stores.callbacks.get(tenant, callbackId);
    if (callback && (await resumeSettledCallback(backend, callback))) resumed = true;
  }
  return resumed;
}

/** Settles one unsettled instance, as far as it can be now. */
async function visit(backend: Backend, instance: UnsettledInstance): Promise<Visit> {
  if (instance.status !== "running") {
    await endInstance(backend, instance.tenant, instance.instanceId, instance.status);
    return "closed";
  }
  const change = await executionChange(backend, instance);
  if (!change) return (await resumeRecorded(backend, instance)) ? "resumed" : "running";
  await reconcileExecution(backend, change);
  return "reconciled";
}

/**
 * The sweep: settles what an event lost left unsettled, so that no instance stays `running`
 * because its execution died unseen. It visits the unsettled instances of every tenant last
 * written longer ago than the grace period, oldest first. A running one whose execution ended
 * (its status-change event lost, or its handler failed past its retries) or is unknown to the
 * engine is reconciled exactly as the event would have done (`reconcileExecution`); one that
 * ended but whose closing broke off has it finished (`endInstance`); one whose execution runs
 * has the decisions and callback reports that never resumed it repaired (`resumeDecidedApproval`,
 * `resumeSettledCallback`), and is otherwise left alone. One instance failing does not stop the others. A run reads at most `pages`
 * pages; its result's `cursor` lets the next run go on from there.
 *
 * @example
 * const result = await sweepInstances(backend, { cursor: previous.cursor });
 * // { visited: 3, reconciled: 1, closed: 1, resumed: 0, running: 1, failed: [], pages: 1 }
 */
export async function sweepInstances(
  backend: Backend,
  options: SweepOptions = {},
): Promise<SweepResult> {
  const graceMs = options.graceMs ?? DEFAULT_SWEEP_GRACE_MS;
  if (!Number.isFinite(graceMs) || graceMs < 0) {
    throw new RangeError(`sweep option graceMs must be a duration ≥ 0, not ${graceMs}`);
  }
  const budget = positiveInteger("pages", options.pages ?? 10);
  const limit = positiveInteger("pageSize", options.pageSize ?? 50);
  const updatedBefore = new Date(backend.clock.now().getTime() - graceMs).toISOString();
  const result: SweepResult = {
    visited: 0,
    reconciled: 0,
    closed: 0,
    resumed: 0,
    running: 0,
    failed: [],
    pages: 0,
  };
  let cursor = options.cursor;
  do {
    const page = await backend.stores.instances.listUnsettled({ updatedBefore, limit, cursor });
    result.pages += 1;
    for (const instance of page.items) {
      result.visited += 1;
      try {
        result[await visit(backend, instance)] += 1;
      } catch (error) {
        const name = error instanceof Error ? error.name : typeof error;
        result.failed.push({
          tenant: instance.tenant,
          instanceId: instance.instanceId,
          error: name,
        });
      }
    }
    cursor = page.cursor;
  } while (cursor !== undefined && result.pages < budget);
  return cursor === undefined ? result : { ...result, cursor };
}
