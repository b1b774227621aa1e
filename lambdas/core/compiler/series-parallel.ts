import type { Template } from "../model/template.ts";

/**
 * A two-terminal series-parallel component of a template's graph, from node `from` to node
 * `to`: a bundle of edges joining the two directly; a series of components, each meeting the
 * next at a node of `vias` (which has no other edges), so `parts.length === vias.length + 1`;
 * or several components side by side between the same two nodes.
 */
export type Component =
  | { kind: "edges"; from: string; to: string; edges: number[] }
  | { kind: "series"; from: string; to: string; parts: Component[]; vias: string[] }
  | { kind: "parallel"; from: string; to: string; parts: Component[] };

/** Two components joined at `via`, series flattened so that long chains stay shallow. */
function seriesOf(first: Component, via: string, second: Component): Component {
  const head = first.kind === "series" ? first : { parts: [first], vias: [] };
  const tail = second.kind === "series" ? second : { parts: [second], vias: [] };
  return {
    kind: "series",
    from: first.from,
    to: second.to,
    parts: [...head.parts, ...tail.parts],
    vias: [...head.vias, via, ...tail.vias],
  };
}

function parallelOf(from: string, to: string, parts: Component[]): Component {
  const bundles = parts.filter((part) => part.kind === "edges");
  const others = parts.filter((part) => part.kind !== "edges");
  const edges = bundles.flatMap((bundle) => bundle.edges).sort((a, b) => a - b);
  const merged: Component[] = edges.length > 0 ? [{ kind: "edges", from, to, edges }] : [];
  const all = [
    ...merged,
    ...others.flatMap((part) => (part.kind === "parallel" ? part.parts : [part])),
  ];
  return all.length === 1 && all[0] ? all[0] : { kind: "parallel", from, to, parts: all };
}

/**
 * Decomposes a validated template into one series-parallel component from `start` to `end`,
 * or returns `undefined` when its graph is not series-parallel (it holds a "bridge", such as
 * `a → y`, `b → y`, `a → x` with x and y both reaching end independently).
 *
 * Edges between the same two nodes form one bundle, whatever their `on`. The reduction is the
 * classic one: merge components with the same ends (parallel), and splice out a node with
 * exactly one component in and one out (series), until one component is left.
 *
 * @example
 * decompose(template)?.kind; // "series"
 */
export function decompose(template: Template): Component | undefined {
  const start = template.nodes.find((node) => node.type === "start")?.id;
  const end = template.nodes.find((node) => node.type === "end")?.id;
  if (start === undefined || end === undefined) return undefined;
  const graph = new ComponentGraph();
  template.edges.forEach((edge, index) => {
    graph.add({ kind: "edges", from: edge.from, to: edge.to, edges: [index] });
  });
  const queue = template.nodes.map((node) => node.id).filter((id) => id !== start && id !== end);
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    const spliced = graph.splice(id);
    if (spliced) queue.push(spliced.from, spliced.to);
  }
  const root = graph.only();
  return root?.from === start && root.to === end ? root : undefined;
}

/** The components of a graph being reduced, indexed by their ends. */
class ComponentGraph {
  private readonly byEnds = new Map<string, Component>();
  private readonly outgoing = new Map<string, Set<Component>>();
  private readonly incoming = new Map<string, Set<Component>>();

  /** Adds a component, merging it with one between the same two nodes (parallel reduction). */
  add(component: Component): void {
    const key = `${component.from}\u0000${component.to}`;
    const twin = this.byEnds.get(key);
    if (twin) this.remove(twin);
    const merged = twin ? parallelOf(component.from, component.to, [twin, component]) : component;
    this.byEnds.set(key, merged);
    this.set(this.outgoing, merged.from).add(merged);
    this.set(this.incoming, merged.to).add(merged);
  }

  /**
   * Splices out a node with exactly one component in and one out (series reduction); returns
   * the new component, or `undefined` when the node cannot be spliced.
   */
  splice(nodeId: string): Component | undefined {
    const ins = this.incoming.get(nodeId);
    const outs = this.outgoing.get(nodeId);
    if (ins?.size !== 1 || outs?.size !== 1) return undefined;
    const [first] = ins;
    const [second] = outs;
    if (!first || !second) return undefined;
    this.remove(first);
    this.remove(second);
    const series = seriesOf(first, nodeId, second);
    this.add(series);
    return series;
  }

  /** The one component left, if only one is. */
  only(): Component | undefined {
    return this.byEnds.size === 1 ? [...this.byEnds.values()][0] : undefined;
  }

  private remove(component: Component): void {
    this.byEnds.delete(`${component.from}\u0000${component.to}`);
    this.outgoing.get(component.from)?.delete(component);
    this.incoming.get(component.to)?.delete(component);
  }

  private set(map: Map<string, Set<Component>>, id: string): Set<Component> {
    let set = map.get(id);
    if (!set) {
      set = new Set();
      map.set(id, set);
    }
    return set;
  }
}

/** The nodes strictly inside a component (neither of its two ends), in no particular order. */
export function innerNodes(component: Component): string[] {
  switch (component.kind) {
    case "edges":
      return [];
    case "series":
      return [...component.vias, ...component.parts.flatMap(innerNodes)];
    case "parallel":
      return component.parts.flatMap(innerNodes);
  }
}
