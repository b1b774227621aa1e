import type { Backend } from "../backend/backend.ts";
import type { InstanceStatus } from "../engine/instance-state.ts";
import type { InstanceRecord } from "../records/instance-record.ts";
import { recordChange } from "./record-change.ts";
import { updateInstance } from "./update-instance.ts";
import { closePendingWork } from "./withdraw-nodes.ts";

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
  await closePendingWork(backend, record);
  await recordChange(backend, record, [
    { type: "flow.ended", at, detail: { status, ...(reason === undefined ? {} : { reason }) } },
  ]);
  return record;
}
