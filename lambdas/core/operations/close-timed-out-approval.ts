import { approvalOutput } from "../approval/approval-output.ts";
import type { Backend } from "../backend/backend.ts";
import type { ApprovalCloseRequest } from "../contract/handler-payloads.ts";
import { timeoutOutcome } from "../model/outcomes.ts";
import { FIRST_VISIT } from "../records/approval-record.ts";
import { closeApprovalRecord } from "./close-approval-record.ts";
import { findApprovalNode } from "./find-approval-node.ts";

/**
 * Serves the compiled machine's close request after an approval's `TimeoutSeconds` ran out
 * (on AWS the expiry itself closes nothing): the record is closed `timedOut`. Returns the
 * node's output, which the machine records in its context (docs/semantics.md §5): the
 * decisions on the record as it ends up, and `timedOut: true` — the output its
 * `node.completed` holds, also when someone else closed or decided the record first.
 *
 * @example
 * await closeTimedOutApproval(backend, { close: "timedOut", instance, node: "lead" });
 * // { decidedBy: ["al"], risk: "low", timedOut: true }
 */
export async function closeTimedOutApproval(
  backend: Backend,
  request: ApprovalCloseRequest,
): Promise<Record<string, unknown>> {
  const { tenant, id } = request.instance;
  const instance = await backend.stores.instances.get(tenant, id);
  const record = await backend.stores.approvals.get(tenant, id, request.node, FIRST_VISIT);
  if (!instance || !record) return approvalOutput([], true);
  const template = await backend.templates.get(instance.templateId, instance.templateVersion);
  const node = template && findApprovalNode(template, request.node);
  const outcome = node ? timeoutOutcome(node) : "timedOut";
  const closed = await closeApprovalRecord(backend, instance, record, "timedOut", outcome);
  return approvalOutput(closed.log, true);
}
