/**
 * Mermaid pictures of flow templates and of running instances (Comet draws its flows with
 * mermaid; so does Baton). The output is `flowchart TD` source, ready for a ```mermaid block.
 */
import type { EdgeStatus, NodeStatus } from "../engine/instance-state.ts";
import { isFailureOutcome, successOutcome } from "../model/outcomes.ts";
import type {
  ApprovalNode,
  Approvers,
  Edge,
  FlowNode,
  Outcome,
  TaskNode,
  Template,
} from "../model/template.ts";
import { conditionText } from "./condition-text.ts";
import { mermaidId, mermaidLabel } from "./mermaid-text.ts";
import type { PictureState } from "./picture-state.ts";

/** Fill, stroke and text colour of a node in each status. */
const NODE_STATUS_STYLES: Readonly<Record<NodeStatus, string>> = {
  waiting: "fill:#f6f8fa,stroke:#8c959f,color:#57606a",
  active: "fill:#fff8c5,stroke:#bf8700,stroke-width:3px,color:#3b2300",
  approved: "fill:#dafbe1,stroke:#1a7f37,color:#0f3d1e",
  succeeded: "fill:#dafbe1,stroke:#1a7f37,color:#0f3d1e",
  rejected: "fill:#ffebe9,stroke:#cf222e,color:#82071e",
  failed: "fill:#ffebe9,stroke:#cf222e,color:#82071e",
  timedOut: "fill:#fff1e5,stroke:#bc4c00,color:#762c00",
  skipped: "fill:#f6f8fa,stroke:#afb8c1,stroke-dasharray:4 4,color:#8c959f",
  poisoned: "fill:#fbefff,stroke:#8250df,stroke-dasharray:4 4,color:#512a97",
  cancelled: "fill:#eaeef2,stroke:#6e7781,stroke-dasharray:2 2,color:#6e7781",
};

/** How an edge is drawn once it resolved; a pending edge keeps the default line. */
const EDGE_STATUS_STYLES: Readonly<Record<Exclude<EdgeStatus, "pending">, string>> = {
  fired: "stroke:#1a7f37,stroke-width:4px",
  dead: "stroke:#afb8c1,stroke-width:1px,stroke-dasharray:5 5",
  poisoned: "stroke:#cf222e,stroke-width:3px",
};

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
 * toMermaid({
 *   id: "leave", version: 1,
 *   nodes: [{ id: "start", type: "start" }, { id: "boss", type: "approval", name: "Boss",
 *     approvers: { users: ["bo"] } }, { id: "end", type: "end" }],
 *   edges: [{ from: "start", to: "boss" }, { from: "boss", to: "end" }],
 * });
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
  const name = node.name ?? node.id;
  const joinLines = node.join === "any" ? ["join any"] : [];
  switch (node.type) {
    case "start":
    case "end":
      return `((${mermaidLabel([name, ...joinLines])}))`;
    case "gateway":
      return `{${mermaidLabel([name, ...joinLines])}}`;
    case "approval":
      return `(${mermaidLabel([name, ...approvalDetails(node), ...joinLines])})`;
    case "task":
      return `[[${mermaidLabel([name, ...taskDetails(node), ...joinLines])}]]`;
  }
}

function approvalDetails(node: ApprovalNode): string[] {
  const mode = node.mode ?? "any";
  const details = [
    mode === "vote" && node.threshold !== undefined
      ? `vote ≥ ${Number((node.threshold * 100).toFixed(1))}%`
      : mode,
    approversText(node.approvers),
  ];
  if (node.timeout !== undefined) {
    const decides = node.onTimeout === undefined ? "" : ` → ${node.onTimeout}`;
    details.push(`timeout ${node.timeout}${decides}`);
  }
  return details;
}

function approversText(approvers: Approvers): string {
  if (approvers.users !== undefined) return `users: ${approvers.users.join(", ")}`;
  if (approvers.path !== undefined) return `from ${approvers.path}`;
  if (approvers.groups !== undefined) {
    return `groups: ${approvers.groups.map((group) => `[${group.join(", ")}]`).join(" ")}`;
  }
  if (approvers.role !== undefined) return `role: ${approvers.role}`;
  return "no approvers";
}

function taskDetails(node: TaskNode): string[] {
  const limits = [
    node.timeout === undefined ? undefined : `timeout ${node.timeout}`,
    node.heartbeat === undefined ? undefined : `heartbeat ${node.heartbeat}`,
    node.retry === undefined ? undefined : `retry ×${node.retry.attempts}`,
  ].filter((limit) => limit !== undefined);
  const details = [`${node.plugin} · ${node.mode ?? "sync"}`];
  if (limits.length > 0) details.push(limits.join(" · "));
  return details;
}

function edgeLine(edge: Edge, from: FlowNode | undefined): string {
  const outcome: Outcome | undefined = edge.on ?? (from && successOutcome(from.type));
  const parts: string[] = [];
  if (outcome !== undefined && (from === undefined || outcome !== successOutcome(from.type))) {
    parts.push(outcome);
  }
  if (edge.when !== undefined) parts.push(conditionText(edge.when));
  if (edge.default === true) parts.push("default");
  const arrow = outcome !== undefined && isFailureOutcome(outcome) ? "-.->" : "-->";
  const label = parts.length > 0 ? `|${mermaidLabel(parts)}|` : "";
  return `${mermaidId(edge.from)} ${arrow}${label} ${mermaidId(edge.to)}`;
}

function stateLines(template: Template, state: PictureState): string[] {
  const lines: string[] = [];
  for (const [status, style] of Object.entries(NODE_STATUS_STYLES)) {
    lines.push(`  classDef ${status} ${style}`);
  }
  for (const node of template.nodes) {
    const status = state.nodes[node.id]?.status;
    if (status !== undefined && Object.hasOwn(NODE_STATUS_STYLES, status)) {
      lines.push(`  class ${mermaidId(node.id)} ${status}`);
    }
  }
  const byStatus = new Map<string, number[]>();
  template.edges.forEach((_, index) => {
    const status = state.edges[index]?.status;
    if (status === undefined || status === "pending" || !Object.hasOwn(EDGE_STATUS_STYLES, status))
      return;
    byStatus.set(status, [...(byStatus.get(status) ?? []), index]);
  });
  for (const [status, style] of Object.entries(EDGE_STATUS_STYLES)) {
    const indexes = byStatus.get(status);
    if (indexes !== undefined) lines.push(`  linkStyle ${indexes.join(",")} ${style}`);
  }
  return lines;
}
