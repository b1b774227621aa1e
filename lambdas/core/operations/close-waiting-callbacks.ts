import type { Backend } from "../backend/backend.ts";
import { WriteConflictError } from "../ports/write-conflict-error.ts";
import type { HistoryEntry } from "../records/history-entry.ts";
import { callbackActor } from "./callback-actor.ts";

/**
 * Closes the callbacks of an instance still waiting for their plugin's report — all of them,
 * or only those of the given nodes — so that a late report gets `gone`. The callback ids are
 * read from the instance's `task.requested` history entries.
 *
 * @param nodes - the nodes whose callbacks close. @default every node
 * @param history - the instance's history, when the caller has just read it. @default read from the store
 * @example
 * await closeWaitingCallbacks(backend, "default", "01J", ["build"]);
 */
export async function closeWaitingCallbacks(
  backend: Backend,
  tenant: string,
  instanceId: string,
  nodes?: readonly string[],
  history?: readonly HistoryEntry[],
): Promise<void> {
  const at = backend.clock.now().toISOString();
  const entries = history ?? (await backend.stores.history.list(tenant, instanceId));
  // A callback whose report completed its node was settled before that was recorded: not read.
  const reported = new Set(
    entries.flatMap((entry) => (entry.type === "node.completed" ? [entry.actor] : [])),
  );
  for (const entry of entries) {
    const callbackId = entry.type === "task.requested" ? entry.detail.callbackId : undefined;
    if (typeof callbackId !== "string" || reported.has(callbackActor(callbackId))) continue;
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
