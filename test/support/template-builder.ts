import type {
  ApprovalNode,
  Edge,
  FlowNodeDocument,
  GatewayNode,
  JoinMode,
  TaskNode,
  Template,
  TemplateDocument,
} from "../../lambdas/core/model/template.ts";
import {
  withNodeDefaults,
  withTemplateDefaults,
} from "../../lambdas/core/model/template-defaults.ts";

/** The fields of a node document of type `T` besides its id and type. */
type NodeFields<T extends FlowNodeDocument["type"]> = Partial<
  Omit<Extract<FlowNodeDocument, { type: T }>, "id" | "type">
>;

/** An approval node decided by the given users (mode `any` unless overridden). */
export function approval(
  id: string,
  users: string[],
  extra: NodeFields<"approval"> = {},
): ApprovalNode {
  return withNodeDefaults({ id, type: "approval", approvers: { users }, ...extra });
}

/** A task node waiting for its plugin (mode `sync` unless overridden). */
export function task(id: string, extra: NodeFields<"task"> = {}): TaskNode {
  return withNodeDefaults({ id, type: "task", plugin: `demo.${id.toLowerCase()}`, ...extra });
}

export function gateway(id: string, join: JoinMode = "all"): GatewayNode {
  return withNodeDefaults({ id, type: "gateway", join });
}

/**
 * A template with `start` and `end` around the given nodes, with the defaults a loaded
 * template has. Edges are written `"a>b"` for a plain edge, or as full {@link Edge} objects.
 */
export function flow(
  nodes: FlowNodeDocument[],
  edges: (string | Edge)[],
  extra: Partial<TemplateDocument> = {},
): Template {
  const hasEnd = nodes.some((node) => node.type === "end");
  return withTemplateDefaults({
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
  });
}
