import type { InstanceState } from "./instance-state.ts";
import type { TemplateIndex } from "./template-index.ts";

/**
 * Whether a node is futile (SEMANTICS §4.5): every path from it to `end` passes through another
 * node that has already activated or been poisoned, so nothing it does can matter any more.
 * `end` itself is never futile.
 *
 * @param blocked - the nodes counted as activated or poisoned. @default those of `state`
 *
 * @example
 * // start → a → j(any) → end, start → b → j: once j activates, b is futile.
 * isFutile(index, state, "b"); // true
 */
export function isFutile(
  index: TemplateIndex,
  state: InstanceState,
  nodeId: string,
  blocked: ReadonlySet<string> = blockedIn(state),
): boolean {
  const seen = new Set<string>([nodeId]);
  const queue = [nodeId];
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    if (id === index.endId) return false;
    if (id !== nodeId && blocked.has(id)) continue;
    for (const edgeIndex of index.outgoing.get(id) ?? []) {
      const to = index.template.edges[edgeIndex]?.to;
      if (to !== undefined && !seen.has(to)) {
        seen.add(to);
        queue.push(to);
      }
    }
  }
  return true;
}

/** The nodes of a state that have activated or been poisoned. */
export function blockedIn(state: InstanceState): ReadonlySet<string> {
  return new Set(
    Object.entries(state.nodes)
      .filter(([, node]) => node.activated || node.status === "poisoned")
      .map(([id]) => id),
  );
}
