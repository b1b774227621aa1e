import { successors } from "./graph-search.ts";
import type { TemplateView } from "./template-view.ts";

/**
 * The dominators of every node reachable from `start`: the nodes on every path from start to
 * it (itself included). A node's dominators have all completed by the time it activates, so
 * they are the only nodes whose context entries it can rely on. Returns an empty map for a
 * graph with a cycle (another rule reports it).
 *
 * @example
 * dominators(view).get("deploy"); // Set { "start", "build", "deploy" }
 */
export function dominators(view: TemplateView): ReadonlyMap<string, ReadonlySet<string>> {
  const next = successors(view);
  const previous = successors(view, true);
  const indegree = new Map([...previous].map(([id, from]) => [id, from.length]));
  const order = [...indegree].filter(([, n]) => n === 0).map(([id]) => id);
  for (let i = 0; i < order.length; i += 1) {
    for (const to of next.get(order[i] as string) ?? []) {
      const left = (indegree.get(to) ?? 0) - 1;
      indegree.set(to, left);
      if (left === 0) order.push(to);
    }
  }
  if (order.length < view.byId.size) return new Map();
  const result = new Map<string, Set<string>>();
  for (const id of order) {
    const sets = (previous.get(id) ?? []).flatMap((from) => {
      const set = result.get(from);
      return set ? [set] : [];
    });
    const common = sets.length === 0 ? new Set<string>() : new Set(sets[0]);
    for (const set of sets.slice(1)) for (const d of common) if (!set.has(d)) common.delete(d);
    common.add(id);
    result.set(id, common);
  }
  return result;
}
