import type { NodeStatus } from "../engine/instance-state.ts";
import type { Template } from "../model/template.ts";
import type { SimulatedNodeStatus, SimulationReport } from "../simulation/simulation-report.ts";
import type { PictureState } from "./picture-state.ts";

/** A reported node status as a node status: `idle` (never activated) is drawn as `waiting`. */
export const NODE_STATUS_OF: Readonly<Record<SimulatedNodeStatus, NodeStatus>> = {
  approved: "approved",
  rejected: "rejected",
  timedOut: "timedOut",
  succeeded: "succeeded",
  failed: "failed",
  cancelled: "cancelled",
  active: "active",
  idle: "waiting",
};

/** How `end` stands once the instance has the status a report gives. */
const END_STATUS_OF: Readonly<Record<SimulationReport["status"], NodeStatus>> = {
  running: "waiting",
  completed: "succeeded",
  rejected: "poisoned",
  failed: "poisoned",
  timedOut: "poisoned",
  "no-route": "skipped",
  cancelled: "waiting",
};

/**
 * The picture state a simulation report (docs/semantics.md §8) gives: each approval and task
 * with its reported status (`idle` drawn as `waiting`), `start` succeeded, `end` from the
 * instance's status (succeeded when completed, poisoned when rejected, failed or timed out,
 * skipped on no-route). A report says nothing of gateways and edges, so they are drawn plain.
 *
 * @example
 * pictureOfReport(template, { status: "running", nodes: { lead: "active" }, ignored: [] });
 * // { nodes: { start: { status: "succeeded" }, lead: { status: "active" }, end: { status: "waiting" } }, edges: [] }
 */
export function pictureOfReport(
  template: Template,
  report: Pick<SimulationReport, "status" | "nodes">,
): PictureState {
  const nodes: Record<string, { status: NodeStatus }> = {};
  for (const node of template.nodes) {
    const reported = report.nodes[node.id];
    if (node.type === "start") nodes[node.id] = { status: "succeeded" };
    else if (node.type === "end") nodes[node.id] = { status: END_STATUS_OF[report.status] };
    else if (reported !== undefined) nodes[node.id] = { status: NODE_STATUS_OF[reported] };
  }
  return { nodes, edges: [] };
}
