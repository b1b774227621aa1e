import type { Backend } from "../backend/backend.ts";
import { OperationRefusedError } from "../contract/operation-refused-error.ts";
import { TaskTokenGoneError } from "../ports/task-token-gone-error.ts";
import { WriteConflictError } from "../ports/write-conflict-error.ts";
import type { CallbackRecord } from "../records/callback-record.ts";
import { callbackActor } from "./callback-actor.ts";
import { jsonBytes } from "./json-bytes.ts";
import { recordChange } from "./record-change.ts";
import { staleSince } from "./stale-since.ts";

/** What a plugin reports through its callback id (the body of `POST /v1/callbacks/{id}`). */
export interface CallbackReport {
  status: "succeeded" | "failed" | "heartbeat";
  output?: Record<string, unknown>;
  error?: unknown;
}

/** The answer to a report: where the callback stands now. */
export interface CallbackAnswer {
  callbackId: string;
  status: CallbackRecord["status"];
}

const MAX_REPORT_BYTES = 16 * 1024;

/**
 * Applies a plugin's report to the task parked behind a callback id: the first `succeeded`
 * or `failed` settles it and resumes the state; the same report delivered again is answered
 * with what was recorded (no second result); a heartbeat keeps a waiting task alive. A
 * callback whose state is gone (timed out, its branch stopped, the instance ended) is `gone`.
 *
 * @example
 * await reportCallback(backend, "default", callbackId, { status: "succeeded", output: { id: 7 } });
 */
export async function reportCallback(
  backend: Backend,
  tenant: string,
  callbackId: string,
  report: CallbackReport,
): Promise<CallbackAnswer> {
  const size = jsonBytes({ output: report.output, error: report.error });
  if (size > MAX_REPORT_BYTES) {
    throw new OperationRefusedError(
      "too-large",
      `report is ${size} bytes; at most ${MAX_REPORT_BYTES}`,
    );
  }
  for (;;) {
    const record = await backend.stores.callbacks.get(tenant, callbackId);
    if (!record) throw new OperationRefusedError("not-found", `no callback ${callbackId}`);
    if (record.status === "closed")
      throw new OperationRefusedError(
        "gone",
        `callback ${callbackId} no longer leads to a waiting task`,
      );
    if (record.status !== "waiting") {
      await resumeSettledCallback(backend, record);
      return { callbackId, status: record.status };
    }
    if (report.status === "heartbeat") {
      await settle(backend, record, () => backend.tasks.heartbeat(record.token));
      return { callbackId, status: "waiting" };
    }
    const output =
      report.status === "succeeded"
        ? (report.output ?? {})
        : { ...report.output, ...(report.error === undefined ? {} : { error: report.error }) };
    const at = backend.clock.now().toISOString();
    const settled: CallbackRecord = {
      ...record,
      status: report.status,
      report: { status: report.status, output },
      updatedAt: at,
      version: record.version + 1,
    };
    try {
      await backend.stores.callbacks.put(settled, record.version);
    } catch (error) {
      if (error instanceof WriteConflictError) continue;
      throw error;
    }
    await settle(backend, settled, () => backend.verdicts.deliverReport(settled));
    await recordSettled(backend, settled);
    return { callbackId, status: report.status };
  }
}

/** Records the node's completion by the callback's report. */
async function recordSettled(backend: Backend, record: CallbackRecord): Promise<void> {
  const instance = await backend.stores.instances.get(record.tenant, record.instanceId);
  if (!instance || !record.report) return;
  await recordChange(backend, instance, [
    {
      type: "node.completed",
      at: record.updatedAt,
      nodeId: record.nodeId,
      actor: callbackActor(record.callbackId),
      detail: { outcome: record.report.status, output: record.report.output ?? {} },
    },
  ]);
}

/**
 * Repairs a report that was recorded but whose resume never happened (the request broke off
 * between the two): a settled callback whose `node.completed` is not in the history a while
 * after it settled (`RESUME_GRACE_MS`) has its report sent again and recorded — when the report
 * is delivered again, or when the sweep finds it. A state gone by now is left. Returns whether
 * it sent the report again.
 *
 * @example
 * await resumeSettledCallback(backend, record); // the sweep, on a running instance's callback
 */
export async function resumeSettledCallback(
  backend: Backend,
  record: CallbackRecord,
): Promise<boolean> {
  if (record.status !== "succeeded" && record.status !== "failed") return false;
  if (!staleSince(backend, record.updatedAt)) return false;
  const history = await backend.stores.history.list(record.tenant, record.instanceId);
  const actor = callbackActor(record.callbackId);
  if (history.some((entry) => entry.type === "node.completed" && entry.actor === actor)) {
    return false;
  }
  try {
    await backend.verdicts.deliverReport(record);
  } catch (error) {
    if (error instanceof TaskTokenGoneError) return false;
    throw error;
  }
  await recordSettled(backend, record);
  return true;
}

/** Sends a task result; a state that is gone closes the callback and refuses `gone`. */
async function settle(
  backend: Backend,
  record: CallbackRecord,
  send: () => Promise<void>,
): Promise<void> {
  try {
    await send();
  } catch (error) {
    if (!(error instanceof TaskTokenGoneError)) throw error;
    const current =
      (await backend.stores.callbacks.get(record.tenant, record.callbackId)) ?? record;
    await backend.stores.callbacks
      .put({ ...current, status: "closed", version: current.version + 1 }, current.version)
      .catch((conflict: unknown) => {
        if (!(conflict instanceof WriteConflictError)) throw conflict;
      });
    throw new OperationRefusedError(
      "gone",
      `callback ${record.callbackId} no longer leads to a waiting task (${error.reason})`,
    );
  }
}
