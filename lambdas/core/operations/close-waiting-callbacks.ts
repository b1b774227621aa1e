import type { Backend } from "../backend/backend.ts";
import { WriteConflictError } from "../ports/write-conflict-error.ts";

/**
 * Closes the callbacks of an instance still waiting for their plugin's report — all of them,
 * or only those of the given nodes — so that a late report gets `gone`. The callback ids are
 * read from the instance's `task.requested` history entries.
 *
 * @example
 * await closeWaitingCallbacks(backend, "default", "01J", ["build"]);
 */
export async function closeWaitingCallbacks(
  backend: Backend,
  tenant: string,
  instanceId: string,
  nodes?: readonly string[],
): Promise<void> {
  const at = backend.clock.now().toISOString();
  for (const entry of await backend.stores.history.list(tenant, instanceId)) {
    const callbackId = entry.type === "task.requested" ? entry.detail.callbackId : undefined;
    if (typeof callbackId !== "string") continue;
    if (nodes && !nodes.includes(entry.nodeId ?? "")) continue;
    const callback = await backend.stores.callbacks.get(tenant, callbackId);
    if (callback?.status !== "waiting") continue;
    try {
      await backend.stores.callbacks.put(
        { ...callback, status: "closed", updatedAt: at, version: callback.version + 1 },
        callback.version,
      );
    } catch (error) {
      if (!(error instanceof WriteConflictError)) throw error;
    }
  }
}
