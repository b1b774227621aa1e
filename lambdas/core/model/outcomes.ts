import type { ApprovalNode, FailureOutcome, FlowNode, NodeType, Outcome } from "./template.ts";

/** The outcomes an edge may name with `on`, per type of its `from` node. */
export const OUTCOMES_BY_NODE_TYPE: Readonly<Record<NodeType, readonly Outcome[]>> = {
  start: ["succeeded"],
  gateway: ["succeeded"],
  end: [],
  approval: ["approved", "rejected", "timedOut"],
  task: ["succeeded", "failed", "timedOut"],
};

/** The outcome an edge follows when it names none. */
export function successOutcome(type: NodeType): Outcome {
  return type === "approval" ? "approved" : "succeeded";
}

/** The outcome an edge follows: its `on`, or the success outcome of its `from` node. */
export function edgeOutcome(edge: { on?: Outcome }, from: FlowNode): Outcome {
  return edge.on ?? successOutcome(from.type);
}

export function isFailureOutcome(outcome: Outcome): outcome is FailureOutcome {
  return outcome === "rejected" || outcome === "failed" || outcome === "timedOut";
}

/**
 * The outcome an approval completes with when its `timeout` passes: what `onTimeout` says, or
 * `timedOut` (SEMANTICS §5).
 *
 * @example
 * timeoutOutcome({ id: "a", type: "approval", approvers: { users: ["al"] }, onTimeout: "approve" });
 * // "approved"
 */
export function timeoutOutcome(node: ApprovalNode): Outcome {
  if (node.onTimeout === "approve") return "approved";
  return node.onTimeout === "reject" ? "rejected" : "timedOut";
}

/**
 * Whether a node can time out: an approval or task with a `timeout`, or a task with a
 * `heartbeat` (a callback that stops reporting for longer times out too).
 *
 * @example
 * canTimeOut({ id: "build", type: "task", plugin: "ci.build", heartbeat: "PT5M" }); // true
 */
export function canTimeOut(node: FlowNode): boolean {
  if (node.type === "task") return node.timeout !== undefined || node.heartbeat !== undefined;
  return node.type === "approval" && node.timeout !== undefined;
}

/**
 * Every outcome a node can complete with (SEMANTICS §4, §5): an approval may also fail (no
 * approvers) and, with a `timeout`, time out into what `onTimeout` says; a task may fail and,
 * with a `timeout` or `heartbeat`, time out.
 *
 * @example
 * possibleOutcomes({ id: "g", type: "gateway" }); // ["succeeded"]
 */
export function possibleOutcomes(node: FlowNode): Outcome[] {
  switch (node.type) {
    case "approval":
      return [
        "approved",
        "rejected",
        "failed",
        ...(canTimeOut(node) ? [timeoutOutcome(node)] : []),
      ];
    case "task":
      return ["succeeded", "failed", ...(canTimeOut(node) ? ["timedOut" as const] : [])];
    default:
      return ["succeeded"];
  }
}
