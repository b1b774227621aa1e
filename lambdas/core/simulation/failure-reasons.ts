import type { InstanceState } from "../engine/instance-state.ts";
import type { Template } from "../model/template.ts";

/**
 * Why each approval or task node that failed on its own failed, by node id: the `error` its
 * context entry holds — set by the engine when an approval's approvers resolve to nobody (a
 * `role` with no members, a `path` that holds no user id), or by a task's `fail` step that
 * gives `output: { error }`. Nodes that failed without one, and nodes that were only poisoned
 * by others, are left out, so the record is empty when there is nothing to explain.
 *
 * @example
 * failureReasons(template, run.state);
 * // { lead: "approvers role dba resolved to nobody" }
 */
export function failureReasons(
  template: Template,
  state: Pick<InstanceState, "context">,
): Record<string, string> {
  const reasons: Record<string, string> = {};
  for (const node of template.nodes) {
    if (node.type !== "approval" && node.type !== "task") continue;
    const entry = state.context.nodes[node.id];
    if (entry?.outcome === "failed" && typeof entry.output.error === "string") {
      reasons[node.id] = entry.output.error;
    }
  }
  return reasons;
}
