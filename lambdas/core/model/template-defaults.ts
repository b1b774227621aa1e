import type {
  ApprovalMode,
  FlowNode,
  FlowNodeDocument,
  JoinMode,
  TaskMode,
  Template,
  TemplateDocument,
} from "./template.ts";

/**
 * The value of each template field a file may leave out (the model's `@default`s), decided
 * here once: loading writes them into the template ({@link withTemplateDefaults}), and the
 * code after it reads the fields as they are. A node's `name` defaults to its id. A stored-data
 * contract: a version stored without them is read with these, so a value never changes; a new
 * behaviour is a new field.
 */
export const TEMPLATE_DEFAULTS = {
  /** A node's `join`: it waits for every incoming edge (SEMANTICS §4.3). */
  join: "all",
  /** An approval's `mode`: the first seat to approve decides (SEMANTICS §5). */
  approvalMode: "any",
  /** A task's `mode`: the plugin is called and its result used (SEMANTICS §6). */
  taskMode: "sync",
  /** A task's `retry.interval`: before the first retry. */
  retryInterval: "PT1S",
  /** A task's `retry.backoff`: the factor applied to the interval after each retry. */
  retryBackoff: 2,
} as const satisfies {
  join: JoinMode;
  approvalMode: ApprovalMode;
  taskMode: TaskMode;
  retryInterval: string;
  retryBackoff: number;
};

/** The node a node document means, of the same type. */
export type NodeOf<N extends FlowNodeDocument> = Extract<FlowNode, { type: N["type"] }>;

/**
 * A node with every field it left out given its default ({@link TEMPLATE_DEFAULTS}, the id
 * for `name`); a field it gives is kept as given.
 *
 * @example
 * withNodeDefaults({ id: "lead", type: "approval", approvers: { users: ["lena"] } });
 * // { id: "lead", type: "approval", approvers: { users: ["lena"] },
 * //   name: "lead", join: "all", mode: "any" }
 */
export function withNodeDefaults<N extends FlowNodeDocument>(node: N): NodeOf<N> {
  return defaulted(node) as NodeOf<N>;
}

function defaulted(node: FlowNodeDocument): FlowNode {
  const base = { name: node.name ?? node.id, join: node.join ?? TEMPLATE_DEFAULTS.join };
  switch (node.type) {
    case "approval":
      return { ...node, ...base, mode: node.mode ?? TEMPLATE_DEFAULTS.approvalMode };
    case "task": {
      const { retry, ...rest } = node;
      return {
        ...rest,
        ...base,
        mode: node.mode ?? TEMPLATE_DEFAULTS.taskMode,
        ...(retry === undefined
          ? {}
          : {
              retry: {
                ...retry,
                interval: retry.interval ?? TEMPLATE_DEFAULTS.retryInterval,
                backoff: retry.backoff ?? TEMPLATE_DEFAULTS.retryBackoff,
              },
            }),
      };
    }
    default:
      return { ...node, ...base };
  }
}

/**
 * The template a document means: each node with its defaults ({@link withNodeDefaults}), the
 * rest as written. `validateTemplate` applies it to every document it accepts, so a loaded
 * {@link Template} never lacks a defaulted field. Idempotent.
 *
 * @example
 * withTemplateDefaults(document).nodes.every((node) => node.join !== undefined); // true
 */
export function withTemplateDefaults(document: TemplateDocument): Template {
  return { ...document, nodes: document.nodes.map((node) => withNodeDefaults(node)) };
}
