/**
 * Mermaid pictures of flow templates and of running instances (Comet draws its flows with
 * mermaid; so does Baton). The output is `flowchart TD` source, ready for a ```mermaid block.
 */
import type { Edge, FlowNode, Template } from "../model/template.ts";
import { mermaidId, mermaidLabel } from "./mermaid-text.ts";
import {
  EDGE_STATUS_COLOURS,
  type EdgeColours,
  isColouredEdgeStatus,
  isColouredNodeStatus,
  NODE_STATUS_COLOURS,
  type NodeColours,
} from "./picture-colours.ts";
import { edgeLabelParts, followsFailure, nodeLabelLines } from "./picture-labels.ts";
import type { PictureState } from "./picture-state.ts";

/**
 * Draws a template as a mermaid flowchart: start and end as circles, approvals as rounded
 * boxes (name, mode, approvers, timeout), tasks as subroutines (name, plugin and mode,
 * limits), gateways as rhombi; `join: any` is written into the node. Edge labels carry the
 * `on` outcome when it is not the success outcome, the `when` condition in readable form and
 * `default`; edges that follow a failure outcome are dotted.
 *
 * Given an instance's state (an engine's `InstanceState`, or {@link PictureState} made from a
 * simulation report), every node that has a status gets the class of its status (`active`, `approved`,
 * `poisoned`, ...) and every resolved edge a `linkStyle`: fired thick green, dead grey dashed,
 * poisoned red. Node ids become mermaid ids through {@link mermaidId}, so an id such as `end`
 * is safe; every label is escaped.
 *
 * @example
 * toMermaid(withTemplateDefaults({
 *   id: "leave", version: 1,
 *   nodes: [{ id: "start", type: "start" }, { id: "boss", type: "approval", name: "Boss",
 *     approvers: { users: ["bo"] } }, { id: "end", type: "end" }],
 *   edges: [{ from: "start", to: "boss" }, { from: "boss", to: "end" }],
 * }));
 * // flowchart TD
 * //   n_start(("start"))
 * //   n_boss("Boss<br/>any<br/>users: bo")
 * //   n_end(("end"))
 * //   n_start --> n_boss
 * //   n_boss --> n_end
 */
export function toMermaid(template: Template, state?: PictureState): string {
  const nodesById = new Map(template.nodes.map((node) => [node.id, node]));
  const lines = ["flowchart TD"];
  for (const node of template.nodes) lines.push(`  ${mermaidId(node.id)}${nodeShape(node)}`);
  for (const edge of template.edges) lines.push(`  ${edgeLine(edge, nodesById.get(edge.from))}`);
  if (state !== undefined) lines.push(...stateLines(template, state));
  return `${lines.join("\n")}\n`;
}

function nodeShape(node: FlowNode): string {
  const label = mermaidLabel(nodeLabelLines(node));
  switch (node.type) {
    case "start":
    case "end":
      return `((${label}))`;
    case "gateway":
      return `{${label}}`;
    case "approval":
      return `(${label})`;
    case "task":
      return `[[${label}]]`;
  }
}

function edgeLine(edge: Edge, from: FlowNode | undefined): string {
  const parts = edgeLabelParts(edge, from);
  const arrow = followsFailure(edge, from) ? "-.->" : "-->";
  const label = parts.length > 0 ? `|${mermaidLabel(parts)}|` : "";
  return `${mermaidId(edge.from)} ${arrow}${label} ${mermaidId(edge.to)}`;
}

/** A node's colours as a mermaid style: fill, stroke, its width and dashes, text colour. */
function nodeStyle(colours: NodeColours): string {
  const parts = [`fill:${colours.fill}`, `stroke:${colours.stroke}`];
  if (colours.strokeWidth !== undefined) parts.push(`stroke-width:${colours.strokeWidth}`);
  if (colours.dash !== undefined) parts.push(`stroke-dasharray:${colours.dash}`);
  parts.push(`color:${colours.text}`);
  return parts.join(",");
}

/** An edge's colours as a mermaid link style. */
function edgeStyle(colours: EdgeColours): string {
  const parts = [`stroke:${colours.stroke}`, `stroke-width:${colours.strokeWidth}`];
  if (colours.dash !== undefined) parts.push(`stroke-dasharray:${colours.dash}`);
  return parts.join(",");
}

function stateLines(template: Template, state: PictureState): string[] {
  const lines: string[] = [];
  for (const [status, colours] of Object.entries(NODE_STATUS_COLOURS)) {
    lines.push(`  classDef ${status} ${nodeStyle(colours)}`);
  }
  for (const node of template.nodes) {
    const status = state.nodes[node.id]?.status;
    if (isColouredNodeStatus(status)) {
      lines.push(`  class ${mermaidId(node.id)} ${status}`);
    }
  }
  const byStatus = new Map<string, number[]>();
  template.edges.forEach((_, index) => {
    const status = state.edges[index]?.status;
    if (!isColouredEdgeStatus(status)) return;
    byStatus.set(status, [...(byStatus.get(status) ?? []), index]);
  });
  for (const [status, colours] of Object.entries(EDGE_STATUS_COLOURS)) {
    const indexes = byStatus.get(status);
    if (indexes !== undefined) lines.push(`  linkStyle ${indexes.join(",")} ${edgeStyle(colours)}`);
  }
  return lines;
}
