import { isCheckedId } from "../operations/checked-id.ts";
import type { TaskTokenGoneReason } from "../ports/task-token-gone-error.ts";
import { type ApprovalRecord, approvalId, parseApprovalId } from "../records/approval-record.ts";
import type { CallbackRecord } from "../records/callback-record.ts";
import { isRecord } from "../validation/template-view.ts";

/** The `kind` of a {@link VerdictRelayRequest}. */
export const VERDICT_RELAY_KIND = "baton.verdict-relay";

/** The version of the relay's event and answer this code speaks. */
export const VERDICT_RELAY_VERSION = 1;

/**
 * What a function that may not send task results hands the API function to deliver a decided
 * approval's verdict or a settled callback's report (a synchronous Lambda invoke): the
 * tenant and the approval's or the callback's id, nothing more. No token, verdict or report
 * travels: the API function reads the record and delivers what the store holds.
 *
 * @example
 * { kind: "baton.verdict-relay", version: 1, tenant: "default", approvalId: "01J.lead.1" }
 * { kind: "baton.verdict-relay", version: 1, tenant: "default", callbackId: "XFX6E67KG4ESABJAHJREZ4V7BC" }
 */
export type VerdictRelayRequest = {
  kind: typeof VERDICT_RELAY_KIND;
  version: typeof VERDICT_RELAY_VERSION;
  tenant: string;
} & ({ approvalId: string } | { callbackId: string });

/**
 * The API function's answer to a {@link VerdictRelayRequest}: the verdict was delivered, the
 * parked state is gone (the reason `TaskTokenGoneError` carries), or the request was refused
 * (malformed, no such record, nothing to deliver), with a problem for people that names no
 * token.
 *
 * @example
 * { outcome: "gone", reason: "TaskTimedOut" }
 */
export type VerdictRelayAnswer =
  | { outcome: "delivered" }
  | { outcome: "gone"; reason: TaskTokenGoneReason }
  | { outcome: "refused"; problem: string };

/** The fields a {@link VerdictRelayRequest} may have. */
const FIELDS: readonly string[] = ["kind", "version", "tenant", "approvalId", "callbackId"];

/**
 * The relay request for a stored approval record (its tenant and approval id) or callback
 * record (its tenant and callback id).
 *
 * @example
 * verdictRelayRequest(record); // { kind: "baton.verdict-relay", version: 1, tenant, approvalId }
 */
export function verdictRelayRequest(
  record:
    | Pick<ApprovalRecord, "tenant" | "instanceId" | "nodeId" | "visit">
    | Pick<CallbackRecord, "tenant" | "callbackId">,
): VerdictRelayRequest {
  const head = {
    kind: VERDICT_RELAY_KIND,
    version: VERDICT_RELAY_VERSION,
    tenant: record.tenant,
  } as const;
  return "callbackId" in record
    ? { ...head, callbackId: record.callbackId }
    : { ...head, approvalId: approvalId(record) };
}

/**
 * Reads an event as a {@link VerdictRelayRequest}, or answers the first problem with it,
 * naming the field (never echoing a value): not an object, a field missing or of another kind
 * or version, a tenant, approval id or callback id that is not one, both ids or neither, or a
 * field the request does not have (a token, a verdict).
 *
 * @example
 * readVerdictRelayRequest({ kind: "baton.verdict-relay", version: 2 }); // "version must be 1"
 */
export function readVerdictRelayRequest(event: unknown): VerdictRelayRequest | string {
  if (!isRecord(event)) return "the event must be a JSON object";
  const extra = Object.keys(event).find((key) => !FIELDS.includes(key));
  if (extra !== undefined) return `the event has a field it must not have: ${extra}`;
  if (event.kind !== VERDICT_RELAY_KIND) return `kind must be ${VERDICT_RELAY_KIND}`;
  if (event.version !== VERDICT_RELAY_VERSION) return `version must be ${VERDICT_RELAY_VERSION}`;
  const { tenant, approvalId: id, callbackId } = event;
  if (!isCheckedId(tenant)) return "tenant must be 1-128 letters, digits or . _ @ + -";
  const head = { kind: VERDICT_RELAY_KIND, version: VERDICT_RELAY_VERSION, tenant } as const;
  if ((id === undefined) === (callbackId === undefined)) {
    return "the event must name either approvalId or callbackId";
  }
  if (callbackId !== undefined) {
    if (!isCheckedId(callbackId)) return "callbackId must be 1-128 letters, digits or . _ @ + -";
    return { ...head, callbackId };
  }
  if (typeof id !== "string" || parseApprovalId(id) === undefined) {
    return "approvalId must be an approval id: <instance>.<node>.<visit>";
  }
  return { ...head, approvalId: id };
}
