import type { Backend } from "../backend/backend.ts";
import { readVerdictRelayRequest, type VerdictRelayAnswer } from "../contract/verdict-relay.ts";
import { TaskTokenGoneError } from "../ports/task-token-gone-error.ts";
import { parseApprovalId } from "../records/approval-record.ts";

/**
 * The receiving side of a relayed verdict (the API function, invoked by a function that may not
 * send task results): reads the event as a `VerdictRelayRequest`, reads the approval record it
 * names, and delivers the record's verdict with the token stored on it
 * (`backend.verdicts`, which here sends straight over `TaskResults`) only when the record is
 * approved or rejected. The store is the truth: the event carries no token and no verdict.
 * Answers `delivered`, `gone` with the reason the parked state is gone, or `refused` with the
 * problem — a malformed event, no such approval, one not decided — having changed nothing. No
 * answer holds a token.
 *
 * @example
 * await deliverRecordedVerdict(backend, { kind: "baton.verdict-relay", version: 1, tenant: "default", approvalId: "01J.lead.1" });
 * // { outcome: "delivered" }
 */
export async function deliverRecordedVerdict(
  backend: Backend,
  event: unknown,
): Promise<VerdictRelayAnswer> {
  const request = readVerdictRelayRequest(event);
  if (typeof request === "string") return { outcome: "refused", problem: request };
  const { tenant, approvalId } = request;
  const parts = parseApprovalId(approvalId);
  const record =
    parts &&
    (await backend.stores.approvals.get(tenant, parts.instanceId, parts.nodeId, parts.visit));
  if (!record) return { outcome: "refused", problem: `no approval ${approvalId}` };
  if (record.status !== "approved" && record.status !== "rejected") {
    return {
      outcome: "refused",
      problem: `approval ${approvalId} is ${record.status}: it has no verdict to deliver`,
    };
  }
  try {
    await backend.verdicts.deliver(record);
  } catch (error) {
    if (error instanceof TaskTokenGoneError) return { outcome: "gone", reason: error.reason };
    throw error;
  }
  return { outcome: "delivered" };
}
