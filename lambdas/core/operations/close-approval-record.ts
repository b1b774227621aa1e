import { approvalOutput } from "../approval/approval-output.ts";
import type { Backend } from "../backend/backend.ts";
import type { Outcome } from "../model/template.ts";
import { WriteConflictError } from "../ports/write-conflict-error.ts";
import type { ApprovalRecord } from "../records/approval-record.ts";
import type { HistoryEntry } from "../records/history-entry.ts";
import type { ChangedInstance } from "./changed-instance.ts";
import { recordChange } from "./record-change.ts";
import { currentApprovers, syncApprovalInbox } from "./sync-approval-inbox.ts";

/**
 * Closes a pending approval without a decision — it timed out, or its branch or instance
 * ended — so that no later decision counts: the record takes the status, approvers' to-do
 * rows move to done, and `node.completed` (timed out, with the output of the decisions on the
 * record and `timedOut: true`, docs/semantics.md §5) or `node.cancelled` is recorded.
 * Returns the record as it ends up; one already closed or decided is left as it is.
 *
 * @param outcome - the node's outcome on a timeout (its `onTimeout` may decide). @default "timedOut"
 * @example
 * await closeApprovalRecord(backend, instance, record, "timedOut");
 */
export async function closeApprovalRecord(
  backend: Backend,
  instance: ChangedInstance,
  record: ApprovalRecord,
  status: "timedOut" | "withdrawn",
  outcome: Outcome = "timedOut",
): Promise<ApprovalRecord> {
  return (await closePendingApproval(backend, instance, record, status, outcome)).record;
}

/**
 * {@link closeApprovalRecord}, also saying whether this call closed the record (`closedHere`):
 * `false` when someone else closed or decided it first — whose follow-ups (inbox moves, the
 * history entry) may still be under way, or may have broken off.
 *
 * @param outcome - the node's outcome on a timeout. @default "timedOut"
 * @example
 * const { closedHere } = await closePendingApproval(backend, instance, record, "withdrawn");
 */
export async function closePendingApproval(
  backend: Backend,
  instance: ChangedInstance,
  record: ApprovalRecord,
  status: "timedOut" | "withdrawn",
  outcome: Outcome = "timedOut",
): Promise<{ record: ApprovalRecord; closedHere: boolean }> {
  if (record.status !== "pending") return { record, closedHere: false };
  const at = backend.clock.now().toISOString();
  const closed: ApprovalRecord = {
    ...record,
    status,
    open: false,
    updatedAt: at,
    version: record.version + 1,
  };
  try {
    await backend.stores.approvals.put(closed, record.version);
  } catch (error) {
    if (!(error instanceof WriteConflictError) || !error.existing) throw error;
    return closePendingApproval(
      backend,
      instance,
      error.existing as ApprovalRecord,
      status,
      outcome,
    );
  }
  await syncApprovalInbox(backend, closed, currentApprovers(record));
  await recordChange(backend, instance, [
    status === "timedOut"
      ? {
          type: "node.completed",
          at,
          nodeId: record.nodeId,
          detail: { outcome, output: approvalOutput(record.log, true) },
        }
      : { type: "node.cancelled", at, nodeId: record.nodeId, detail: {} },
  ]);
  return { record: closed, closedHere: true };
}

/**
 * Finishes the close of a withdrawn approval whose follow-ups may have broken off (the record
 * was written, then the inbox or history write failed): the approvers' to-do rows move to done
 * again and `node.cancelled` is recorded if the history lacks it. Safe to repeat.
 *
 * @param history - the instance's history as it stands
 * @example
 * await finishWithdrawal(backend, instance, record, await backend.stores.history.list(tenant, id));
 */
export async function finishWithdrawal(
  backend: Backend,
  instance: ChangedInstance,
  record: ApprovalRecord,
  history: readonly HistoryEntry[],
): Promise<void> {
  if (record.status !== "withdrawn") return;
  await syncApprovalInbox(backend, record, currentApprovers({ ...record, status: "pending" }));
  const settled = history.some(
    (entry) =>
      entry.nodeId === record.nodeId &&
      entry.at >= record.createdAt &&
      (entry.type === "node.cancelled" || entry.type === "node.completed"),
  );
  if (settled) return;
  await recordChange(backend, instance, [
    { type: "node.cancelled", at: record.updatedAt, nodeId: record.nodeId, detail: {} },
  ]);
}
