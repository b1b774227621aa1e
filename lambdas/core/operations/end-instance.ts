import type { Backend } from "../backend/backend.ts";
import type { InstanceStatus } from "../engine/instance-state.ts";
import { WriteConflictError } from "../ports/write-conflict-error.ts";
import type { InstanceRecord } from "../records/instance-record.ts";
import { closeApprovalRecord } from "./close-approval-record.ts";
import { recordChange } from "./record-change.ts";
import { updateInstance } from "./update-instance.ts";

/**
 * Ends a running instance with a status, once: the record takes it, every approval still
 * pending is withdrawn, every callback still waiting is closed, and `flow.ended` is recorded.
 * Returns the record as it ends up; an instance that already ended is left as it is.
 *
 * @example
 * await endInstance(backend, "default", "01J", "cancelled", "withdrawn by al");
 */
export async function endInstance(
  backend: Backend,
  tenant: string,
  instanceId: string,
  status: Exclude<InstanceStatus, "running">,
  reason?: string,
): Promise<InstanceRecord | undefined> {
  const at = backend.clock.now().toISOString();
  let ended = false;
  const record = await updateInstance(backend, tenant, instanceId, (current) => {
    if (current.status !== "running") return undefined;
    ended = true;
    return { status, endedAt: at, ...(reason === undefined ? {} : { reason }) };
  });
  if (!record || !ended) return record;
  for (const approval of await backend.stores.approvals.listForInstance(tenant, instanceId)) {
    await closeApprovalRecord(backend, record, approval, "withdrawn");
  }
  const history = await backend.stores.history.list(tenant, instanceId);
  for (const entry of history) {
    const callbackId = entry.type === "task.requested" ? entry.detail.callbackId : undefined;
    if (typeof callbackId !== "string") continue;
    const callback = await backend.stores.callbacks.get(tenant, callbackId);
    if (callback?.status !== "waiting") continue;
    await backend.stores.callbacks
      .put(
        { ...callback, status: "closed", updatedAt: at, version: callback.version + 1 },
        callback.version,
      )
      .catch((error: unknown) => {
        if (!(error instanceof WriteConflictError)) throw error;
      });
  }
  await recordChange(backend, record, [
    { type: "flow.ended", at, detail: { status, ...(reason === undefined ? {} : { reason }) } },
  ]);
  return record;
}
