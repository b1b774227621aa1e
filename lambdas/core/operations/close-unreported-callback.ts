import type { Backend } from "../backend/backend.ts";
import { WriteConflictError } from "../ports/write-conflict-error.ts";
import type { CallbackRecord } from "../records/callback-record.ts";

/**
 * Closes a callback that its plugin has not reported on yet, so that a later report gets
 * `gone` instead of completing the node: what a callback task's own call does when it fails,
 * before it records that failure or retries. The plugin may have reported already (it reports
 * from the work it was handed, which can reach it before its call's answer is lost); the
 * record is written only at the version read, so the close and the report never both win.
 * Returns the record as it stands now: `closed`, or settled by the report that came first (the
 * report then completes the node and resumes the task, and the call must not fail it). A store
 * error other than a conflict is thrown: whether the close was written is then unknown.
 *
 * @example
 * const now = await closeUnreportedCallback(backend, record);
 * if (now.status !== "closed") return {}; // reported first
 */
export async function closeUnreportedCallback(
  backend: Backend,
  record: CallbackRecord,
): Promise<CallbackRecord> {
  let current = record;
  for (;;) {
    if (current.status !== "waiting") return current;
    const closed: CallbackRecord = {
      ...current,
      status: "closed",
      updatedAt: backend.clock.now().toISOString(),
      version: current.version + 1,
    };
    try {
      await backend.stores.callbacks.put(closed, current.version);
      return closed;
    } catch (error) {
      if (!(error instanceof WriteConflictError)) throw error;
    }
    const read = await backend.stores.callbacks.get(record.tenant, record.callbackId);
    if (!read) throw new TypeError(`no callback ${record.callbackId}`);
    current = read;
  }
}
