import type { Backend } from "../backend/backend.ts";
import { WriteConflictError } from "../ports/write-conflict-error.ts";

/** A callback task parked again on a callback its plugin already holds. */
export interface CallbackRepark {
  tenant: string;
  callbackId: string;
  /** The token of the state now parked on the callback's node. */
  token: string;
}

/**
 * Parks a callback task again without calling its plugin again (the embedded engine replaying
 * an execution after a restart): the plugin keeps the callback id it was given, and the
 * record takes the new token, so that its report resumes the state parked now. A callback
 * settled meanwhile takes the new token too (written before the report goes out, so that a
 * relayed delivery finds it) and resumes it at once with its report; one closed (its branch was
 * stopped) or unknown leaves the state parked, for its timeout or the execution's end.
 *
 * @example
 * await reparkCallback(backend, { tenant: "default", callbackId, token });
 */
export async function reparkCallback(backend: Backend, repark: CallbackRepark): Promise<void> {
  for (;;) {
    const record = await backend.stores.callbacks.get(repark.tenant, repark.callbackId);
    if (!record || record.status === "closed") return;
    const taken = { ...record, token: repark.token, version: record.version + 1 };
    try {
      await backend.stores.callbacks.put(taken, record.version);
    } catch (error) {
      if (error instanceof WriteConflictError) continue;
      throw error;
    }
    if (taken.status !== "waiting") await backend.verdicts.deliverReport(taken);
    return;
  }
}
