import { createSafeTester } from "../conditions/safe-query.ts";
import type { Edge, FlowNode, Template } from "../model/template.ts";
import type { FlowContext } from "./instance-state.ts";

/** A template prepared for running: nodes by id, edges by endpoint, conditions compiled once. */
export interface TemplateIndex {
  readonly template: Template;
  readonly nodes: ReadonlyMap<string, FlowNode>;
  readonly startId: string;
  readonly endId: string;
  /** Indexes into `template.edges` of the edges entering each node. */
  readonly incoming: ReadonlyMap<string, readonly number[]>;
  /** Indexes into `template.edges` of the edges leaving each node. */
  readonly outgoing: ReadonlyMap<string, readonly number[]>;
  /** Whether each edge's `when` holds (always true without one). */
  readonly holds: readonly ((context: FlowContext) => boolean)[];
}

function byEndpoint(edges: readonly Edge[], end: "from" | "to"): Map<string, number[]> {
  const map = new Map<string, number[]>();
  edges.forEach((edge, index) => {
    const list = map.get(edge[end]) ?? [];
    list.push(index);
    map.set(edge[end], list);
  });
  return map;
}

function nodeOfType(template: Template, type: "start" | "end"): string {
  const node = template.nodes.find((candidate) => candidate.type === type);
  if (!node) throw new TypeError(`template ${template.id} has no ${type} node; validate it first`);
  return node.id;
}

/**
 * Indexes a validated template for the engines.
 *
 * @example
 * const index = indexTemplate(template);
 * index.outgoing.get("start"); // [0]
 */
export function indexTemplate(template: Template): TemplateIndex {
  return {
    template,
    nodes: new Map(template.nodes.map((node) => [node.id, node])),
    startId: nodeOfType(template, "start"),
    endId: nodeOfType(template, "end"),
    incoming: byEndpoint(template.edges, "to"),
    outgoing: byEndpoint(template.edges, "from"),
    holds: template.edges.map((edge) => (edge.when ? createSafeTester(edge.when) : () => true)),
  };
}
