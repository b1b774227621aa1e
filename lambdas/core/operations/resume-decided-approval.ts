import { approvalOutput } from "../approval/approval-output.ts";
import type { Backend } from "../backend/backend.ts";
import { BATON_ERRORS } from "../contract/baton-errors.ts";
import { TaskTokenGoneError } from "../ports/task-token-gone-error.ts";
import { type ApprovalRecord, approvalId } from "../records/approval-record.ts";
import type { HistoryEntry } from "../records/history-entry.ts";
import type { InstanceRecord } from "../records/instance-record.ts";
import { recordChange } from "./record-change.ts";
import { staleSince } from "./stale-since.ts";
import { syncApprovalInbox } from "./sync-approval-inbox.ts";

/** A decided approval's verdict. */
type Verdict = "approved" | "rejected";

/**
 * Sends the verdict to the state parked on the approval: SendTaskSuccess or SendTaskFailure.
 *
 * @example
 * await sendVerdict(backend, record, "approved");
 */
export async function sendVerdict(
  backend: Backend,
  record: ApprovalRecord,
  verdict: Verdict,
): Promise<void> {
  const output = approvalOutput(record.log);
  if (verdict === "approved")
    await backend.tasks.succeed(record.token, { outcome: verdict, output });
  else await backend.tasks.fail(record.token, BATON_ERRORS.rejected, JSON.stringify(output));
}

/**
 * Records the node's completion with the approval's verdict and output.
 *
 * @example
 * await recordCompleted(backend, instance, record, "approved");
 */
export async function recordCompleted(
  backend: Backend,
  instance: InstanceRecord,
  record: ApprovalRecord,
  verdict: Verdict,
): Promise<void> {
  await recordChange(backend, instance, [
    {
      type: "node.completed",
      at: record.updatedAt,
      nodeId: record.nodeId,
      detail: { outcome: verdict, output: approvalOutput(record.log) },
    },
  ]);
}

/** Whether the history holds the deciding action's `approval.decided` entry. */
function decisionRecorded(history: readonly HistoryEntry[], record: ApprovalRecord): boolean {
  const id = approvalId(record);
  return history.some(
    (entry) =>
      entry.type === "approval.decided" &&
      entry.detail.approvalId === id &&
      entry.detail.verdict !== undefined,
  );
}

/**
 * Repairs a decision that was recorded but whose follow-ups never all happened (the deciding
 * request broke off after writing the record): once the decision is older than the grace
 * period (`RESUME_GRACE_MS`: the deciding request may still be at it) and the node's
 * `node.completed` is not in the history, the approvers' to-do rows move to done, the deciding
 * `approval.decided` is recorded if missing, the verdict is sent to the parked state again and
 * the completion recorded. A state that is gone by now is left as it is (the reconciler records
 * the instance's end). Safe to repeat; a pending or recent record is left alone. Returns whether
 * it repaired anything.
 *
 * @example
 * await resumeDecidedApproval(backend, instance, record); // a repeated decision found it decided
 */
export async function resumeDecidedApproval(
  backend: Backend,
  instance: InstanceRecord,
  record: ApprovalRecord,
): Promise<boolean> {
  if (record.status !== "approved" && record.status !== "rejected") return false;
  if (!staleSince(backend, record.updatedAt)) return false;
  const verdict = record.status;
  const history = await backend.stores.history.list(instance.tenant, instance.instanceId);
  const resumed = history.some(
    (entry) =>
      entry.type === "node.completed" &&
      entry.nodeId === record.nodeId &&
      entry.at >= record.updatedAt,
  );
  if (resumed) return false;
  const seatHolders = [...new Set(record.seats.flatMap((seat) => seat.holders))];
  await syncApprovalInbox(backend, record, seatHolders);
  const deciding = record.log.at(-1);
  if (deciding && !decisionRecorded(history, record)) {
    await recordChange(backend, instance, [
      {
        type: "approval.decided",
        at: record.updatedAt,
        nodeId: record.nodeId,
        actor: deciding.by,
        detail: { approvalId: approvalId(record), action: deciding.act, verdict },
      },
    ]);
  }
  try {
    await sendVerdict(backend, record, verdict);
  } catch (error) {
    if (error instanceof TaskTokenGoneError) return true;
    throw error;
  }
  await recordCompleted(backend, instance, record, verdict);
  return true;
}
