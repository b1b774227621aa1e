import type { EdgeView, NodeView } from "./template-view.ts";

/**
 * How a problem message names a node: its id and, when known, its type.
 *
 * @example
 * nodeSubject({ id: "lead", type: "approval" }); // "node `lead` (approval)"
 */
export function nodeSubject(node: Pick<NodeView, "id" | "type">): string {
  return node.type ? `node \`${node.id}\` (${node.type})` : `node \`${node.id}\``;
}

/**
 * The name of an edge in problems: `from→to`.
 *
 * @example
 * edgeName({ from: "lead", to: "dba" }); // "lead→dba"
 */
export function edgeName(edge: Pick<EdgeView, "from" | "to">): string {
  return `${edge.from}→${edge.to}`;
}

/**
 * How a problem message names an edge.
 *
 * @example
 * edgeSubject({ from: "lead", to: "dba" }); // "edge `lead→dba`"
 */
export function edgeSubject(edge: Pick<EdgeView, "from" | "to">): string {
  return `edge \`${edgeName(edge)}\``;
}
