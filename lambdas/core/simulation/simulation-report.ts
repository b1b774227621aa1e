import type { InstanceState, InstanceStatus } from "../engine/instance-state.ts";
import type { Template } from "../model/template.ts";

/** How `baton simulate` reports a node (docs/semantics.md §8). */
export const SIMULATED_NODE_STATUSES = [
  "approved",
  "rejected",
  "timedOut",
  "succeeded",
  "failed",
  "cancelled",
  "active",
  "idle",
] as const;
export type SimulatedNodeStatus = (typeof SIMULATED_NODE_STATUSES)[number];

/** The JSON `baton simulate --json` prints (docs/semantics.md §8). */
export interface SimulationReport {
  status: InstanceStatus;
  nodes: Record<string, SimulatedNodeStatus>;
  ignored: number[];
}

/**
 * Builds the §8 report from an instance state: every approval and task node with its outcome,
 * `cancelled` if it was active and then cancelled, `active` if still pending, else `idle`.
 *
 * @example
 * reportOf(template, state, [2]); // { status: "completed", nodes: { lead: "approved" }, ignored: [2] }
 */
export function reportOf(
  template: Template,
  state: Pick<InstanceState, "status" | "nodes">,
  ignored: readonly number[],
): SimulationReport {
  const nodes: Record<string, SimulatedNodeStatus> = {};
  for (const node of template.nodes) {
    if (node.type !== "approval" && node.type !== "task") continue;
    const { status, activated } = state.nodes[node.id] ?? { status: "waiting", activated: false };
    switch (status) {
      case "waiting":
      case "skipped":
      case "poisoned":
        nodes[node.id] = "idle";
        break;
      case "cancelled":
        nodes[node.id] = activated ? "cancelled" : "idle";
        break;
      default:
        nodes[node.id] = status;
    }
  }
  return { status: state.status, nodes, ignored: [...ignored] };
}
