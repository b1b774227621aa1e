import type { Template } from "../model/template.ts";
import type { HistoryEntry } from "../records/history-entry.ts";

/** A node as reads show it, in the `baton simulate` vocabulary (docs/semantics.md §8). */
export interface NodeView {
  status:
    | "approved"
    | "rejected"
    | "timedOut"
    | "succeeded"
    | "failed"
    | "cancelled"
    | "active"
    | "idle";
  output?: Record<string, unknown>;
  /** Why it failed, in words, when it did. */
  reason?: string;
}

/**
 * Every approval and task node of a template with its status, folded from the instance's
 * history: `active` once activated, its outcome once completed, `cancelled` if withdrawn
 * while active; `idle` if none of that happened.
 *
 * @example
 * nodeViews(template, history).lead; // { status: "approved", output: { decidedBy: ["al"] } }
 */
export function nodeViews(
  template: Template,
  history: readonly HistoryEntry[],
): Record<string, NodeView> {
  const views: Record<string, NodeView> = {};
  for (const node of template.nodes) {
    if (node.type === "approval" || node.type === "task") views[node.id] = { status: "idle" };
  }
  for (const entry of history) {
    const view = entry.nodeId === undefined ? undefined : views[entry.nodeId];
    if (!view || entry.nodeId === undefined) continue;
    if (entry.type === "node.activated" && view.status === "idle") view.status = "active";
    if (entry.type === "node.cancelled" && view.status === "active") view.status = "cancelled";
    if (entry.type === "node.completed") {
      const { outcome, output, reason } = entry.detail as {
        outcome: NodeView["status"];
        output?: Record<string, unknown>;
        reason?: string;
      };
      views[entry.nodeId] = {
        status: outcome,
        ...(output === undefined ? {} : { output }),
        ...(reason === undefined ? {} : { reason }),
      };
    }
  }
  return views;
}
