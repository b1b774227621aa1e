import { applyApprovalAction } from "../approval/apply-approval-action.ts";
import { APPROVAL_MODES } from "../approval/approval-modes.ts";
import { approvalOutput } from "../approval/approval-output.ts";
import { decisionForm } from "../approval/decision-form.ts";
import { decisionValuesRefusal, type FormCheck } from "../approval/decision-values-refusal.ts";
import type { Directory } from "../approval/directory.ts";
import { canTimeOut, timeoutOutcome } from "../model/outcomes.ts";
import type { FlowNode } from "../model/template.ts";
import type { ActionEffect, FlowAction } from "./flow-action.ts";
import { FlowRun } from "./flow-run.ts";
import type { InstanceState } from "./instance-state.ts";
import type { TemplateIndex } from "./template-index.ts";

/**
 * A {@link FlowRun} that also takes actions on its pending nodes (SEMANTICS §5, §6): a person's
 * decision on an approval, a task's success or failure, a timer running out. The reference
 * engine's `apply` and the start page's path preview run it. The backend never does: the
 * operations apply decisions to approval records themselves (`actOnApproval`) and hand the
 * engine only outcomes decided elsewhere (`TrustedInputEngine`), so the approval rules stay out
 * of the Lambda bundles that only replay or step stored instances. Internal to the engine.
 *
 * @example
 * const run = new ActingFlowRun(indexTemplate(template), initialState(template, input), directory);
 * run.begin();
 * run.apply({ node: "lead", act: "approve", by: "al" }); // "applied"
 */
export class ActingFlowRun extends FlowRun {
  /** Holds a decision's form values to the node's `form`; without it they are not held to it. */
  private readonly formCheck: FormCheck | undefined;

  /**
   * @param formCheck - the schema check of decisions' form values (`formProblems`, as the
   * operations use): the reference engine passes it; the start page's path preview, which
   * decides without form values and has no validator under its CSP, does not. @default undefined
   */
  constructor(
    index: TemplateIndex,
    state: InstanceState,
    directory: Directory,
    formCheck?: FormCheck,
  ) {
    super(index, state, directory);
    this.formCheck = formCheck;
  }

  /** Applies one action from outside, then runs until nothing can move without a decision. */
  apply(action: FlowAction): ActionEffect {
    const node = this.index.nodes.get(action.node);
    if (
      this.state.status !== "running" ||
      !node ||
      this.state.nodes[node.id]?.status !== "active"
    ) {
      return "not-pending";
    }
    const effect = this.act(node, action);
    if (effect === "applied") this.settle();
    return effect;
  }

  private act(node: FlowNode, action: FlowAction): ActionEffect {
    if (action.act === "timeout") return this.timeOut(node);
    if (action.act === "succeed" || action.act === "fail") {
      if (node.type !== "task") return "not-permitted";
      this.complete(node, action.act === "succeed" ? "succeeded" : "failed", action.output ?? {});
      return "applied";
    }
    if (node.type !== "approval") return "not-permitted";
    const decides = action.act === "approve" || action.act === "reject";
    if (
      decides &&
      decisionValuesRefusal(node, decisionForm(action.output), this.formCheck) !== undefined
    ) {
      return "not-permitted";
    }
    const approval = this.state.approvals[node.id];
    const policy = APPROVAL_MODES[node.mode];
    if (!approval?.open || !applyApprovalAction(approval, policy, action)) return "not-permitted";
    this.emit("approval.decided", node.id, { act: action.act, by: action.by });
    const verdict = policy.verdict(approval.seats, node.threshold);
    if (verdict) this.complete(node, verdict, this.approvalOutput(node.id));
    return "applied";
  }

  private timeOut(node: FlowNode): ActionEffect {
    if ((node.type !== "approval" && node.type !== "task") || !canTimeOut(node)) {
      return "not-permitted";
    }
    if (node.type === "task") {
      this.complete(node, "timedOut", {});
      return "applied";
    }
    const outcome = timeoutOutcome(node);
    this.complete(node, outcome, this.approvalOutput(node.id, true));
    return "applied";
  }

  private approvalOutput(nodeId: string, timedOut = false): Record<string, unknown> {
    return approvalOutput(this.state.approvals[nodeId]?.log ?? [], timedOut);
  }
}
