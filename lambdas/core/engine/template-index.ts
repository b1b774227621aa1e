import { createAllowlistedTester } from "../conditions/allowlisted-tester.ts";
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

/** Each template's index: a validated template is never changed, so it is indexed once. */
const indexes = new WeakMap<Template, TemplateIndex>();

/**
 * Indexes a validated template for the engines, once per template object (its conditions
 * compiled once, by `createAllowlistedTester`: `validateTemplate` checked them, so they are not
 * checked again, and the query checker stays out of the Lambda functions that only replay or
 * step stored instances): later calls with the same template answer the same index. A template must not
 * be changed once indexed; a changed copy is another object and gets its own index.
 *
 * @example
 * const index = indexTemplate(template);
 * index.outgoing.get("start"); // [0]
 */
export function indexTemplate(template: Template): TemplateIndex {
  let index = indexes.get(template);
  if (!index) {
    index = buildIndex(template);
    indexes.set(template, index);
  }
  return index;
}

function buildIndex(template: Template): TemplateIndex {
  return {
    template,
    nodes: new Map(template.nodes.map((node) => [node.id, node])),
    startId: nodeOfType(template, "start"),
    endId: nodeOfType(template, "end"),
    incoming: byEndpoint(template.edges, "to"),
    outgoing: byEndpoint(template.edges, "from"),
    holds: template.edges.map((edge) =>
      edge.when ? createAllowlistedTester(edge.when) : () => true,
    ),
  };
}
