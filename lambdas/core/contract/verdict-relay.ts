import { isCheckedId } from "../operations/checked-id.ts";
import type { TaskTokenGoneReason } from "../ports/task-token-gone-error.ts";
import { type ApprovalRecord, approvalId, parseApprovalId } from "../records/approval-record.ts";
import { isRecord } from "../validation/template-view.ts";

/** The `kind` of a {@link VerdictRelayRequest}. */
export const VERDICT_RELAY_KIND = "baton.verdict-relay";

/** The version of the relay's event and answer this code speaks. */
export const VERDICT_RELAY_VERSION = 1;

/**
 * What a function that may not send task results hands the API function to deliver a decided
 * approval's verdict (a synchronous Lambda invoke): the approval's tenant and id, nothing
 * more. No token and no verdict travel: the API function reads the record and delivers what
 * the store holds.
 *
 * @example
 * { kind: "baton.verdict-relay", version: 1, tenant: "default", approvalId: "01J.lead.1" }
 */
export interface VerdictRelayRequest {
  kind: typeof VERDICT_RELAY_KIND;
  version: typeof VERDICT_RELAY_VERSION;
  tenant: string;
  approvalId: string;
}

/**
 * The API function's answer to a {@link VerdictRelayRequest}: the verdict was delivered, the
 * parked state is gone (the reason `TaskTokenGoneError` carries), or the request was refused
 * (malformed, no such approval, not decided), with a problem for people that names no token.
 *
 * @example
 * { outcome: "gone", reason: "TaskTimedOut" }
 */
export type VerdictRelayAnswer =
  | { outcome: "delivered" }
  | { outcome: "gone"; reason: TaskTokenGoneReason }
  | { outcome: "refused"; problem: string };

/** The fields of a {@link VerdictRelayRequest}, in the order problems are looked for. */
const FIELDS = ["kind", "version", "tenant", "approvalId"] as const;

/**
 * The relay request for a stored approval record: its tenant and approval id.
 *
 * @example
 * verdictRelayRequest(record); // { kind: "baton.verdict-relay", version: 1, tenant, approvalId }
 */
export function verdictRelayRequest(
  record: Pick<ApprovalRecord, "tenant" | "instanceId" | "nodeId" | "visit">,
): VerdictRelayRequest {
  return {
    kind: VERDICT_RELAY_KIND,
    version: VERDICT_RELAY_VERSION,
    tenant: record.tenant,
    approvalId: approvalId(record),
  };
}

/**
 * Reads an event as a {@link VerdictRelayRequest}, or answers the first problem with it,
 * naming the field (never echoing a value): not an object, a field missing or of another kind
 * or version, a tenant or approval id that is not one, or a field the request does not have
 * (a token, a verdict).
 *
 * @example
 * readVerdictRelayRequest({ kind: "baton.verdict-relay", version: 2 }); // "version must be 1"
 */
export function readVerdictRelayRequest(event: unknown): VerdictRelayRequest | string {
  if (!isRecord(event)) return "the event must be a JSON object";
  const extra = Object.keys(event).find((key) => !(FIELDS as readonly string[]).includes(key));
  if (extra !== undefined) return `the event has a field it must not have: ${extra}`;
  if (event.kind !== VERDICT_RELAY_KIND) return `kind must be ${VERDICT_RELAY_KIND}`;
  if (event.version !== VERDICT_RELAY_VERSION) return `version must be ${VERDICT_RELAY_VERSION}`;
  const { tenant, approvalId: id } = event;
  if (!isCheckedId(tenant)) {
    return "tenant must be 1-128 letters, digits or . _ @ + -";
  }
  if (typeof id !== "string" || parseApprovalId(id) === undefined) {
    return "approvalId must be an approval id: <instance>.<node>.<visit>";
  }
  return { kind: VERDICT_RELAY_KIND, version: VERDICT_RELAY_VERSION, tenant, approvalId: id };
}
