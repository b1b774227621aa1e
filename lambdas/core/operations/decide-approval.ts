import { applyApprovalAction } from "../approval/apply-approval-action.ts";
import type { ApprovalAction } from "../approval/approval-action.ts";
import { APPROVAL_MODES } from "../approval/approval-modes.ts";
import { approvalOutput } from "../approval/approval-output.ts";
import { BATON_ERRORS } from "../contract/baton-errors.ts";
import type { ActionEffect } from "../engine/flow-action.ts";
import type { ApprovalStore } from "../ports/approval-store.ts";
import type { TaskCallbacks } from "../ports/task-callbacks.ts";

/** What a decision did, and the node's verdict when it decided the node. */
export interface DecisionResult {
  effect: ActionEffect;
  verdict?: "approved" | "rejected";
}

/**
 * Applies a person's action to a pending approval (SEMANTICS §5): records it with a
 * conditional write, and when the node is decided resumes the parked state — success with
 * `{ outcome: "approved", output }`, or failure `Baton.Rejected` with the output as cause.
 * An action on an approval that is closed or unknown is `not-pending`; one the actor may not
 * take is `not-permitted`; neither changes anything.
 *
 * @example
 * await decideApproval(store, callbacks, "i-1", "lead", { act: "approve", by: "al" });
 */
export async function decideApproval(
  store: ApprovalStore,
  callbacks: TaskCallbacks,
  instanceId: string,
  nodeId: string,
  action: ApprovalAction,
): Promise<DecisionResult> {
  const record = await store.get(instanceId, nodeId);
  if (!record?.open) return { effect: "not-pending" };
  const next = structuredClone(record);
  const policy = APPROVAL_MODES[record.mode];
  if (!applyApprovalAction(next, policy, action)) return { effect: "not-permitted" };
  const verdict = policy.verdict(next.seats, record.threshold);
  next.open = verdict === undefined;
  next.version = record.version + 1;
  if (!(await store.put(next, record.version))) return { effect: "not-pending" };
  const output = approvalOutput(next.log);
  if (verdict === "approved") await callbacks.succeed(record.token, { outcome: verdict, output });
  if (verdict === "rejected") {
    await callbacks.fail(record.token, BATON_ERRORS.rejected, JSON.stringify(output));
  }
  return verdict ? { effect: "applied", verdict } : { effect: "applied" };
}
