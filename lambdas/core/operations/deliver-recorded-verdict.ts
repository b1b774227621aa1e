import type { Backend } from "../backend/backend.ts";
import {
  readVerdictRelayRequest,
  type VerdictRelayAnswer,
  type VerdictRelayRequest,
} from "../contract/verdict-relay.ts";
import { TaskTokenGoneError } from "../ports/task-token-gone-error.ts";
import { parseApprovalId } from "../records/approval-record.ts";

/** Delivers the record the request names, or the problem that stops it. */
async function deliverNamed(
  backend: Backend,
  request: VerdictRelayRequest,
): Promise<string | undefined> {
  const { tenant } = request;
  if ("callbackId" in request) {
    const { callbackId } = request;
    const record = await backend.stores.callbacks.get(tenant, callbackId);
    if (!record) return `no callback ${callbackId}`;
    // Closed since the relaying function read it: its state is gone, as a direct send finds.
    if (record.status === "closed") throw new TaskTokenGoneError("TaskDoesNotExist");
    if (record.status !== "succeeded" && record.status !== "failed") {
      return `callback ${callbackId} is ${record.status}: it has no report to deliver`;
    }
    await backend.verdicts.deliverReport(record);
    return undefined;
  }
  const { approvalId } = request;
  const parts = parseApprovalId(approvalId);
  const record =
    parts &&
    (await backend.stores.approvals.get(tenant, parts.instanceId, parts.nodeId, parts.visit));
  if (!record) return `no approval ${approvalId}`;
  // Closed since the relaying function read it decided (timed out, withdrawn): its state is
  // gone, as a direct send of the verdict read then would find.
  if (record.status === "timedOut") throw new TaskTokenGoneError("TaskTimedOut");
  if (record.status === "withdrawn") throw new TaskTokenGoneError("TaskDoesNotExist");
  if (record.status !== "approved" && record.status !== "rejected") {
    return `approval ${approvalId} is ${record.status}: it has no verdict to deliver`;
  }
  await backend.verdicts.deliver(record);
  return undefined;
}

/**
 * The receiving side of a relayed verdict (the API function, invoked by a function that may not
 * send task results): reads the event as a `VerdictRelayRequest`, reads the approval or
 * callback record it names, and delivers what the store holds with the token stored on it
 * (`backend.verdicts`, which here sends straight over `TaskResults`): an approval only when it
 * is approved or rejected, a callback only when it succeeded or failed. The event carries no
 * token, verdict or report. Answers `delivered`, `gone` with the reason the parked state is
 * gone — also for a record closed since the relaying function read it (timed out: `TaskTimedOut`;
 * withdrawn or closed: `TaskDoesNotExist`), which is what a direct send would have met — or
 * `refused` with the problem — a malformed event, no such record, nothing to deliver — having
 * changed nothing. No answer holds a token.
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
  try {
    const problem = await deliverNamed(backend, request);
    if (problem !== undefined) return { outcome: "refused", problem };
  } catch (error) {
    if (error instanceof TaskTokenGoneError) return { outcome: "gone", reason: error.reason };
    throw error;
  }
  return { outcome: "delivered" };
}
