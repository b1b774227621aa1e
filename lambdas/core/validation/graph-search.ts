import type { TemplateView } from "./template-view.ts";

/** Successors (or predecessors) of each node id; ids without edges map to an empty list. */
export type Adjacency = ReadonlyMap<string, readonly string[]>;

/**
 * The successors of every node over the edges that link two existing nodes.
 *
 * @example
 * const next = successors(view);
 * next.get("start"); // ["lead"]
 * @param reverse - list predecessors instead, following edges from `to` back to `from`
 * @default false
 */
export function successors(view: TemplateView, reverse = false): Adjacency {
  const map = new Map<string, string[]>();
  for (const id of view.byId.keys()) map.set(id, []);
  for (const edge of view.linked) {
    const [a, b] = reverse ? [edge.to, edge.from] : [edge.from, edge.to];
    const list = map.get(a);
    if (list && !list.includes(b)) list.push(b);
  }
  return map;
}

/**
 * Every node reachable from the roots (the roots included).
 *
 * @example
 * reachable(["start"], successors(view)).has("end"); // true when end can be reached
 */
export function reachable(roots: Iterable<string>, next: Adjacency): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const to of next.get(id) ?? []) if (!seen.has(to)) stack.push(to);
  }
  return seen;
}

/**
 * The strongly connected components of the graph (Tarjan, iterative), each in discovery order.
 * A component with more than one node, or one node with an edge to itself, holds a cycle.
 *
 * @example
 * stronglyConnectedComponents(["a", "b"], new Map([["a", ["b"]], ["b", ["a"]]])); // [["a", "b"]]
 */
export function stronglyConnectedComponents(ids: Iterable<string>, next: Adjacency): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const root of ids) {
    if (index.has(root)) continue;
    const work: { id: string; child: number }[] = [{ id: root, child: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { id: string; child: number };
      const children = next.get(frame.id) ?? [];
      if (frame.child < children.length) {
        const to = children[frame.child++] as string;
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ id: to, child: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.id, Math.min(low.get(frame.id) as number, index.get(to) as number));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent)
        low.set(parent.id, Math.min(low.get(parent.id) as number, low.get(frame.id) as number));
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let member: string | undefined;
        do {
          member = stack.pop() as string;
          onStack.delete(member);
          component.unshift(member);
        } while (member !== frame.id);
        components.push(component);
      }
    }
  }
  return components;
}

/**
 * A shortest cycle through `start` that stays inside `within`, as the list of nodes passed
 * (the start first, not repeated at the end), or `undefined` when there is none.
 *
 * @example
 * cycleThrough("a", new Set(["a", "b"]), new Map([["a", ["b"]], ["b", ["a"]]])); // ["a", "b"]
 */
export function cycleThrough(
  start: string,
  within: ReadonlySet<string>,
  next: Adjacency,
): string[] | undefined {
  const parent = new Map<string, string>();
  const queue = [start];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const id = queue.shift() as string;
    for (const to of next.get(id) ?? []) {
      if (!within.has(to)) continue;
      if (to === start) {
        const path = [id];
        while (path[0] !== start) path.unshift(parent.get(path[0] as string) as string);
        return path;
      }
      if (seen.has(to)) continue;
      seen.add(to);
      parent.set(to, id);
      queue.push(to);
    }
  }
  return undefined;
}
