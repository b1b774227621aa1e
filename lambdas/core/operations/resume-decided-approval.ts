import { approvalOutput } from "../approval/approval-output.ts";
import type { Backend } from "../backend/backend.ts";
import { timeoutOutcome } from "../model/outcomes.ts";
import type { Template } from "../model/template.ts";
import { TaskTokenGoneError } from "../ports/task-token-gone-error.ts";
import { WriteConflictError } from "../ports/write-conflict-error.ts";
import { type ApprovalRecord, approvalId } from "../records/approval-record.ts";
import type { HistoryEntry } from "../records/history-entry.ts";
import type { InstanceRecord } from "../records/instance-record.ts";
import { closeApprovalRecord } from "./close-approval-record.ts";
import { findApprovalNode } from "./find-approval-node.ts";
import { recordChange } from "./record-change.ts";
import { staleSince } from "./stale-since.ts";
import { syncApprovalInbox } from "./sync-approval-inbox.ts";

/** A decided approval's verdict. */
type Verdict = "approved" | "rejected";

/**
 * Records the node's completion with the approval's verdict and output.
 *
 * @param template - the instance's template version, when the caller holds it. @default read from the catalog
 * @example
 * await recordCompleted(backend, instance, record, "approved");
 */
export async function recordCompleted(
  backend: Backend,
  instance: InstanceRecord,
  record: ApprovalRecord,
  verdict: Verdict,
  template?: Template,
): Promise<void> {
  await recordChange(
    backend,
    instance,
    [
      {
        type: "node.completed",
        at: record.updatedAt,
        nodeId: record.nodeId,
        detail: { outcome: verdict, output: approvalOutput(record.log) },
      },
    ],
    template ? { template } : {},
  );
}

/**
 * Whether a decided approval still owes its resume: approved or rejected, and its node has not
 * completed since the decision (the deciding request broke off before, or is still at it).
 *
 * @example
 * if (resumeOwed(history, record) && staleSince(backend, record.updatedAt)) await resumeDecidedApproval(backend, instance, record);
 */
export function resumeOwed(history: readonly HistoryEntry[], record: ApprovalRecord): boolean {
  if (record.status !== "approved" && record.status !== "rejected") return false;
  return !history.some(
    (entry) =>
      entry.type === "node.completed" &&
      entry.nodeId === record.nodeId &&
      entry.at >= record.updatedAt,
  );
}

/**
 * Closes a decided approval whose verdict can no longer reach a parked state (the token is
 * gone: the state timed out, its branch stopped, the instance ended): the record closes
 * `timedOut` (with the outcome the node's `onTimeout` decides) or `withdrawn` instead, as if
 * the decision had come too late. Returns the record as it ends up.
 *
 * @example
 * const closed = await closeUndelivered(backend, instance, record, error.reason);
 */
export async function closeUndelivered(
  backend: Backend,
  instance: InstanceRecord,
  record: ApprovalRecord,
  reason: TaskTokenGoneError["reason"],
): Promise<ApprovalRecord> {
  const template = await backend.templates.get(instance.templateId, instance.templateVersion);
  const node = template && findApprovalNode(template, record.nodeId);
  const status = reason === "TaskTimedOut" ? "timedOut" : "withdrawn";
  const reopened = { ...record, status: "pending" as const, open: true };
  return closeApprovalRecord(
    backend,
    instance,
    reopened,
    status,
    node ? timeoutOutcome(node) : "timedOut",
  );
}

/**
 * Claims the repair of a decided record's resume with a write at the version read
 * (`resumingSince`), unless another repair claimed it less than the grace period ago: of the
 * repairs asked at once (two repeated requests, the sweep, a closing), one goes on. Returns the
 * claimed record, or `undefined` when another repair has it.
 */
async function claimRepair(
  backend: Backend,
  record: ApprovalRecord,
): Promise<ApprovalRecord | undefined> {
  if (record.resumingSince !== undefined && !staleSince(backend, record.resumingSince)) {
    return undefined;
  }
  const claimed = {
    ...record,
    resumingSince: backend.clock.now().toISOString(),
    version: record.version + 1,
  };
  try {
    await backend.stores.approvals.put(claimed, record.version);
  } catch (error) {
    if (error instanceof WriteConflictError) return undefined;
    throw error;
  }
  return claimed;
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
 * the completion recorded — also when the state is gone by now (it took the verdict before, or
 * the instance ended meanwhile: the decision stands, as the `409` its repeats got said; one
 * whose execution reached another outcome was closed by the reconciler and is no longer
 * decided). Safe to repeat, and to ask for at once: the
 * repair is claimed on the record first ({@link claimRepair}), so two never run together. A
 * pending or recent record is left alone. Returns whether it repaired anything.
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
  const { tenant, instanceId } = instance;
  if (!resumeOwed(await backend.stores.history.list(tenant, instanceId), record)) return false;
  const claimed = await claimRepair(backend, record);
  if (!claimed) return false;
  // Read again once the repair is this call's: one that finished meanwhile shows here.
  const history = await backend.stores.history.list(tenant, instanceId);
  if (!resumeOwed(history, claimed)) return false;
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
    await backend.verdicts.deliver(record);
  } catch (error) {
    // The state is gone: it took the verdict before (its token is spent), or it ended another
    // way. The decision stands, as the 409 its repeats were answered said, and the node's
    // completion is recorded; a state whose execution reached another outcome had the record
    // closed by the reconciler first, so it is no longer decided here.
    if (!(error instanceof TaskTokenGoneError)) throw error;
  }
  await recordCompleted(backend, instance, record, verdict);
  return true;
}
