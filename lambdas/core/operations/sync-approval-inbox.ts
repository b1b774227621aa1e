import { APPROVAL_MODES } from "../approval/approval-modes.ts";
import type { Backend } from "../backend/backend.ts";
import { type ApprovalRecord, approvalId } from "../records/approval-record.ts";
import type { InboxItem } from "../records/inbox-item.ts";

/** Who may act on an approval now: the holders of its open seats while it is pending. */
export function currentApprovers(record: ApprovalRecord): string[] {
  if (record.status !== "pending") return [];
  const seats = APPROVAL_MODES[record.mode].openSeats(record.seats);
  return [...new Set(seats.flatMap((index) => record.seats[index]?.holders ?? []))].sort();
}

/**
 * Brings the approval's inbox rows in line with the record: a to-do row for everyone who may
 * act now, and for everyone who could act before but no longer can, the to-do row removed and
 * a done row put. Rows are idempotent, so a repeated sync changes nothing.
 *
 * @example
 * await syncApprovalInbox(backend, after, currentApprovers(before));
 */
export async function syncApprovalInbox(
  backend: Backend,
  record: ApprovalRecord,
  before: readonly string[],
): Promise<void> {
  const now = currentApprovers(record);
  for (const user of now) await backend.stores.inbox.put(approvalRow(record, user, "todo"));
  for (const user of before) {
    if (!now.includes(user)) await moveToDone(backend, record, user);
  }
}

/** Moves a user's to-do row of the approval to their done view (both writes idempotent). */
async function moveToDone(backend: Backend, record: ApprovalRecord, user: string): Promise<void> {
  await backend.stores.inbox.remove(approvalRow(record, user, "todo"));
  await backend.stores.inbox.put(approvalRow(record, user, "done"));
}

/** The inbox row of an approval in one of a user's views. */
function approvalRow(record: ApprovalRecord, user: string, view: InboxItem["view"]): InboxItem {
  return {
    tenant: record.tenant,
    user,
    view,
    createdAt: record.createdAt,
    instanceId: record.instanceId,
    templateId: record.templateId,
    approvalId: approvalId(record),
    nodeId: record.nodeId,
  };
}
