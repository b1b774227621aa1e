import type { Template } from "../model/template.ts";

/**
 * A two-terminal series-parallel component of a template's graph, from node `from` to node
 * `to`: a bundle of edges joining the two directly, a series of two components meeting at a
 * node `via` (which has no other edges), or several components side by side between the same
 * two nodes.
 */
export type Component =
  | { kind: "edges"; from: string; to: string; edges: number[] }
  | { kind: "series"; from: string; to: string; first: Component; via: string; second: Component }
  | { kind: "parallel"; from: string; to: string; parts: Component[] };

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
  let components: Component[] = template.edges.map((edge, index) => ({
    kind: "edges",
    from: edge.from,
    to: edge.to,
    edges: [index],
  }));
  for (let changed = true; changed; ) {
    changed = false;
    const byEnds = new Map<string, Component[]>();
    for (const component of components) {
      const key = `${component.from}\u0000${component.to}`;
      byEnds.set(key, [...(byEnds.get(key) ?? []), component]);
    }
    if (byEnds.size < components.length) {
      components = [...byEnds.values()].map((group) =>
        group.length === 1 && group[0]
          ? group[0]
          : parallelOf(group[0]?.from ?? "", group[0]?.to ?? "", group),
      );
      changed = true;
      continue;
    }
    for (const node of template.nodes) {
      if (node.id === start || node.id === end) continue;
      const incoming = components.filter((component) => component.to === node.id);
      const outgoing = components.filter((component) => component.from === node.id);
      const [first] = incoming;
      const [second] = outgoing;
      if (incoming.length !== 1 || outgoing.length !== 1 || !first || !second) continue;
      const series: Component = {
        kind: "series",
        from: first.from,
        to: second.to,
        first,
        via: node.id,
        second,
      };
      components = [...components.filter((c) => c !== first && c !== second), series];
      changed = true;
      break;
    }
  }
  const [root] = components;
  return components.length === 1 && root?.from === start && root.to === end ? root : undefined;
}

/** The nodes strictly inside a component (neither of its two ends), in no particular order. */
export function innerNodes(component: Component): string[] {
  switch (component.kind) {
    case "edges":
      return [];
    case "series":
      return [...innerNodes(component.first), component.via, ...innerNodes(component.second)];
    case "parallel":
      return component.parts.flatMap(innerNodes);
  }
}
