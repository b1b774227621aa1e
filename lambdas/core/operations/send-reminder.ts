import type { Backend } from "../backend/backend.ts";
import type { Reminder } from "../ports/scheduler.ts";
import { WriteConflictError } from "../ports/write-conflict-error.ts";
import { parseApprovalId } from "../records/approval-record.ts";
import { recordChange } from "./record-change.ts";
import { currentApprovers } from "./sync-approval-inbox.ts";

/**
 * Sends a reminder when the scheduler fires it: a pending approval is counted as reminded
 * and `approval.reminded` names the approvers who may act now (the notifier plugin tells
 * them); a callback task still waiting gets `task.reminded` (for the plugin's system). A
 * subject no longer pending cancels its reminder instead.
 *
 * @example
 * await sendReminder(backend, { id, tenant: "default", subject: { approvalId }, at });
 */
export async function sendReminder(backend: Backend, reminder: Reminder): Promise<void> {
  const at = backend.clock.now().toISOString();
  if ("callbackId" in reminder.subject) {
    const callback = await backend.stores.callbacks.get(
      reminder.tenant,
      reminder.subject.callbackId,
    );
    const instance =
      callback && (await backend.stores.instances.get(reminder.tenant, callback.instanceId));
    if (callback?.status !== "waiting" || !instance) return backend.scheduler.cancel(reminder.id);
    await recordChange(backend, instance, [
      {
        type: "task.reminded",
        at,
        nodeId: callback.nodeId,
        actor: "scheduler",
        detail: { callbackId: callback.callbackId },
      },
    ]);
    return;
  }
  const parts = parseApprovalId(reminder.subject.approvalId);
  for (;;) {
    const record =
      parts &&
      (await backend.stores.approvals.get(
        reminder.tenant,
        parts.instanceId,
        parts.nodeId,
        parts.visit,
      ));
    const instance =
      record && (await backend.stores.instances.get(reminder.tenant, record.instanceId));
    if (record?.status !== "pending" || !instance) return backend.scheduler.cancel(reminder.id);
    try {
      await backend.stores.approvals.put(
        { ...record, reminders: record.reminders + 1, updatedAt: at, version: record.version + 1 },
        record.version,
      );
    } catch (error) {
      if (error instanceof WriteConflictError) continue;
      throw error;
    }
    await recordChange(backend, instance, [
      {
        type: "approval.reminded",
        at,
        nodeId: record.nodeId,
        actor: "scheduler",
        detail: { approvalId: reminder.subject.approvalId, approvers: currentApprovers(record) },
      },
    ]);
    return;
  }
}
