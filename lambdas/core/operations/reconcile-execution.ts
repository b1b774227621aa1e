import type { Backend } from "../backend/backend.ts";
import { type ExecutionOutput, executionNodes } from "../contract/handler-payloads.ts";
import {
  INSTANCE_STATUSES,
  type InstanceStatus,
  type NodeResult,
} from "../engine/instance-state.ts";
import type { Template } from "../model/template.ts";
import type { ExecutionStatus } from "../ports/executions.ts";
import { FIRST_VISIT } from "../records/approval-record.ts";
import type { InstanceRecord } from "../records/instance-record.ts";
import { closeApprovalRecord } from "./close-approval-record.ts";
import { endInstance } from "./end-instance.ts";
import { nodeViews } from "./node-views.ts";
import { recordChange } from "./record-change.ts";
import { currentApprovers, syncApprovalInbox } from "./sync-approval-inbox.ts";

/** An execution's status change, as Step Functions reports it on EventBridge. */
export interface ExecutionChange {
  tenant: string;
  instanceId: string;
  status: Exclude<ExecutionStatus, "RUNNING">;
  /** The error's cause, for failed executions. */
  cause?: string;
  /** The execution's output, for succeeded ones. */
  output?: ExecutionOutput;
}

const RECORDED: readonly string[] = INSTANCE_STATUSES.filter((status) => status !== "running");
const MAX_REASON = 500;

function finalStatus(
  change: ExecutionChange,
  recorded: string | undefined,
): { status: Exclude<InstanceStatus, "running">; reason?: string } {
  switch (change.status) {
    case "SUCCEEDED":
      return recorded && RECORDED.includes(recorded)
        ? { status: recorded as Exclude<InstanceStatus, "running"> }
        : {
            status: "failed",
            reason: "the execution ended without recording how the instance ended",
          };
    case "ABORTED":
      return { status: "cancelled", reason: "the execution was stopped" };
    case "TIMED_OUT":
      return { status: "failed", reason: "the execution ran past its time limit" };
    case "FAILED":
      return {
        status: "failed",
        reason: `the execution failed: ${(change.cause ?? "no cause given").slice(0, MAX_REASON)}`,
      };
  }
}

/**
 * Ends an instance whose execution ended (Step Functions' execution-status-change event, or
 * the embedded runtime when an execution finishes): a succeeded execution with the status
 * its machine recorded, one that failed outside Baton's own states (an uncaught integration
 * error, `States.DataLimitExceeded`, the one-year limit) `failed` with the reason, one stopped
 * from outside `cancelled`. Task outcomes the handlers never saw (`fire` tasks) are recorded
 * from the execution's output. No instance stays `running` because its execution died.
 *
 * @example
 * await reconcileExecution(backend, { tenant: "default", instanceId: "01J", status: "ABORTED" });
 */
export async function reconcileExecution(backend: Backend, change: ExecutionChange): Promise<void> {
  const { tenant, instanceId } = change;
  const record = await backend.stores.instances.get(tenant, instanceId);
  if (!record) return;
  if (record.status !== "running") {
    // Ended already; finish its closing if that broke off.
    if (record.closing) {
      await endInstance(backend, tenant, instanceId, record.status, { from: record });
    }
    return;
  }
  const template = await backend.templates.get(record.templateId, record.templateVersion);
  if (template)
    await recordUnseenOutcomes(backend, record, template, executionNodes(change.output));
  const facts = await backend.stores.executionFacts.get(tenant, instanceId);
  const { status, reason } = finalStatus(change, facts.instanceStatus);
  const why =
    reason ??
    (status === "failed" && template
      ? await failedNodeReason(backend, record, template)
      : undefined);
  await endInstance(backend, tenant, instanceId, status, {
    from: record,
    ...(why === undefined ? {} : { reason: why }),
  });
}

/** Why an instance its machine ended `failed` failed: the first node that failed, in words. */
async function failedNodeReason(
  backend: Backend,
  record: InstanceRecord,
  template: Template,
): Promise<string | undefined> {
  const history = await backend.stores.history.list(record.tenant, record.instanceId);
  const failed = Object.entries(nodeViews(template, history)).find(
    ([, view]) => view.status === "failed" || view.status === "timedOut",
  );
  if (!failed) return undefined;
  const [id, view] = failed;
  const error = typeof view.output?.error === "string" ? `: ${view.output.error}` : "";
  return `node ${id} ${view.status}${error}`.slice(0, MAX_REASON);
}

/**
 * Records the outcomes the execution reached that no handler saw: `fire` tasks, and nodes
 * that timed out where the machine closed nothing (the timeout poisoned straight to the end).
 * A timed-out approval still pending is closed `timedOut` with the outcome reached; so is one
 * decided otherwise than the outcome reached (its deciding request broke off before the verdict
 * reached the state, which ended another way, its opening having failed, say). One decided as
 * the outcome reached is left to its deciding request or that request's repair (the closing
 * keeps its marker until the repair is due). One closed by an earlier pass that broke off has
 * its approvers' to-do rows moved now.
 */
async function recordUnseenOutcomes(
  backend: Backend,
  record: InstanceRecord,
  template: Template,
  outputs: Record<string, NodeResult>,
): Promise<void> {
  const { tenant, instanceId } = record;
  const views = nodeViews(template, await backend.stores.history.list(tenant, instanceId));
  const at = backend.clock.now().toISOString();
  for (const [id, result] of Object.entries(outputs)) {
    const status = views[id]?.status;
    if (!result?.outcome || (status !== "idle" && status !== "active")) continue;
    const approval = await backend.stores.approvals.get(tenant, instanceId, id, FIRST_VISIT);
    const decided = approval?.status === "approved" || approval?.status === "rejected";
    // A verdict the state took: its completion is the deciding request's, or its repair's, to
    // record (under the repair's claim), never also here.
    if (decided && approval?.status === result.outcome) continue;
    if (approval && (approval.status === "pending" || decided)) {
      const reopened = { ...approval, status: "pending" as const, open: true };
      await closeApprovalRecord(backend, record, reopened, "timedOut", result.outcome);
      continue;
    }
    if (approval?.status === "timedOut" || approval?.status === "withdrawn") {
      const before = currentApprovers({ ...approval, status: "pending" });
      await syncApprovalInbox(backend, approval, before);
    }
    await recordChange(
      backend,
      record,
      [
        {
          type: "node.completed",
          at,
          nodeId: id,
          detail: { outcome: result.outcome, output: result.output ?? {} },
        },
      ],
      { template },
    );
  }
}
