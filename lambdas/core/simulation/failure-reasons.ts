import type { InstanceState } from "../engine/instance-state.ts";
import type { Template } from "../model/template.ts";

/**
 * Why the engine failed approval nodes, by node id: the `error` it writes into the node's
 * context entry when the approvers resolve to nobody (a `role` with no members, a `path` that
 * holds no user id). Tasks are left out — a script's `fail` step says itself why — and so are
 * nodes only poisoned by others, so the record is empty when there is nothing to explain.
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
    if (node.type !== "approval") continue;
    const entry = state.context.nodes[node.id];
    if (entry?.outcome === "failed" && typeof entry.output.error === "string") {
      reasons[node.id] = entry.output.error;
    }
  }
  return reasons;
}
