import type { Backend } from "../backend/backend.ts";
import { OperationRefusedError } from "../contract/operation-refused-error.ts";
import type { InstanceRecord } from "../records/instance-record.ts";
import { endInstance } from "./end-instance.ts";

/**
 * Withdraws (撤回) or cancels a running instance: only its starter may. The instance ends
 * `cancelled` at once (approvals withdrawn, callbacks closed), then its execution is stopped;
 * the stop's status-change event later finds it ended and changes nothing. A stop that failed
 * is done again by the sweep (the instance keeps its closing marker until it succeeds).
 *
 * @example
 * await cancelInstance(backend, "default", "01J", "al");
 */
export async function cancelInstance(
  backend: Backend,
  tenant: string,
  instanceId: string,
  actor: string,
): Promise<InstanceRecord> {
  const record = await backend.stores.instances.get(tenant, instanceId);
  if (!record) throw new OperationRefusedError("not-found", `no instance ${instanceId}`);
  if (record.starter !== actor) {
    throw new OperationRefusedError(
      "forbidden",
      `only the starter may cancel instance ${instanceId}`,
    );
  }
  if (record.status === "cancelled" && record.closing) {
    // A cancellation that broke off (its stop failed, say): asked again, it is finished.
    return (
      (await endInstance(backend, tenant, instanceId, "cancelled", { from: record })) ?? record
    );
  }
  if (record.status !== "running") {
    throw new OperationRefusedError(
      "conflict",
      `instance ${instanceId} already ended ${record.status}`,
      { status: record.status },
    );
  }
  const ended = await endInstance(backend, tenant, instanceId, "cancelled", {
    reason: `cancelled by ${actor}`,
    stopExecution: true,
    from: record,
  });
  return ended ?? record;
}
