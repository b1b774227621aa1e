import type {
  ApprovalNode,
  Edge,
  FlowNode,
  GatewayNode,
  JoinMode,
  TaskNode,
  Template,
} from "../../lambdas/core/model/template.ts";

/** An approval node decided by the given users (mode `any` unless overridden). */
export function approval(
  id: string,
  users: string[],
  extra: Partial<Omit<ApprovalNode, "id" | "type">> = {},
): ApprovalNode {
  return { id, type: "approval", approvers: { users }, ...extra };
}

/** A task node waiting for its plugin (mode `sync` unless overridden). */
export function task(id: string, extra: Partial<Omit<TaskNode, "id" | "type">> = {}): TaskNode {
  return { id, type: "task", plugin: `demo.${id.toLowerCase()}`, ...extra };
}

export function gateway(id: string, join: JoinMode = "all"): GatewayNode {
  return { id, type: "gateway", join };
}

/**
 * A template with `start` and `end` around the given nodes. Edges are written `"a>b"` for a
 * plain edge, or as full {@link Edge} objects.
 */
export function flow(
  nodes: FlowNode[],
  edges: (string | Edge)[],
  extra: Partial<Template> = {},
): Template {
  const hasEnd = nodes.some((node) => node.type === "end");
  return {
    id: "test-flow",
    version: 1,
    nodes: [
      { id: "start", type: "start" },
      ...nodes,
      ...(hasEnd ? [] : [{ id: "end", type: "end" as const }]),
    ],
    edges: edges.map((edge) => {
      if (typeof edge !== "string") return edge;
      const [from = "", to = ""] = edge.split(">");
      return { from, to };
    }),
    ...extra,
  };
}
