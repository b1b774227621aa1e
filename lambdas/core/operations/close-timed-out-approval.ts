import type { Backend } from "../backend/backend.ts";
import type { ApprovalCloseRequest } from "../contract/handler-payloads.ts";
import { timeoutOutcome } from "../model/outcomes.ts";
import { FIRST_VISIT } from "../records/approval-record.ts";
import { closeApprovalRecord } from "./close-approval-record.ts";
import { findApprovalNode } from "./find-approval-node.ts";

/**
 * Serves the compiled machine's close request after an approval's `TimeoutSeconds` ran out
 * (on AWS the expiry itself closes nothing): the record is closed `timedOut`.
 *
 * @example
 * await closeTimedOutApproval(backend, { close: "timedOut", instance, node: "lead" });
 */
export async function closeTimedOutApproval(
  backend: Backend,
  request: ApprovalCloseRequest,
): Promise<void> {
  const { tenant, id } = request.instance;
  const instance = await backend.stores.instances.get(tenant, id);
  const record = await backend.stores.approvals.get(tenant, id, request.node, FIRST_VISIT);
  if (!instance || !record) return;
  const template = await backend.templates.get(instance.templateId, instance.templateVersion);
  const node = template && findApprovalNode(template, request.node);
  const outcome = node ? timeoutOutcome(node) : "timedOut";
  await closeApprovalRecord(backend, instance, record, "timedOut", outcome);
}
