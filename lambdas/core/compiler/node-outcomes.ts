import type { FlowNode, Outcome } from "../model/template.ts";

/**
 * The outcomes a node can complete with at run time, so that the compiler routes only those:
 * an approval is approved or rejected, times out only with a `timeout` (and then only to what
 * `onTimeout` says), and fails only when its approvers are read at run time (`path`, `role`);
 * a task succeeds or fails, and times out only with a `timeout` or `heartbeat`; start and
 * gateways always succeed.
 *
 * @example
 * possibleOutcomes({ id: "a", type: "approval", approvers: { users: ["al"] } });
 * // ["approved", "rejected"]
 */
export function possibleOutcomes(node: FlowNode): Outcome[] {
  switch (node.type) {
    case "approval": {
      const outcomes: Outcome[] = ["approved", "rejected"];
      if (node.timeout !== undefined && node.onTimeout === undefined) outcomes.push("timedOut");
      if (node.approvers.path !== undefined || node.approvers.role !== undefined) {
        outcomes.push("failed");
      }
      return outcomes;
    }
    case "task":
      if (node.mode === "fire") return ["succeeded"];
      return node.timeout !== undefined || node.heartbeat !== undefined
        ? ["succeeded", "failed", "timedOut"]
        : ["succeeded", "failed"];
    default:
      return ["succeeded"];
  }
}
