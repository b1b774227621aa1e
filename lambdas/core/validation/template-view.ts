import type { NodeType, Outcome } from "../model/template.ts";

/** A node entry of an unvalidated document that has at least a string `id`. */
export interface NodeView {
  id: string;
  /** The node's type when it is one of the known types. */
  type: NodeType | undefined;
  /** Position in the document's `nodes` array. */
  index: number;
  /** The entry as written. */
  raw: Record<string, unknown>;
}

/** An edge entry of an unvalidated document that has string `from` and `to`. */
export interface EdgeView {
  from: string;
  to: string;
  /** `on` when it is a known outcome, `undefined` when absent, `null` when malformed. */
  on: Outcome | undefined | null;
  /** Position in the document's `edges` array. */
  index: number;
  /** The entry as written. */
  raw: Record<string, unknown>;
}

/**
 * What the graph rules can read from a document that may not pass the schema: malformed entries
 * are left out, so one broken node does not hide problems elsewhere.
 */
export interface TemplateView {
  /** Every node entry with a string id, in document order (duplicates included). */
  nodes: NodeView[];
  /** The first node entry for each id. */
  byId: ReadonlyMap<string, NodeView>;
  /** Every edge entry with string `from` and `to`, in document order. */
  edges: EdgeView[];
  /** The edges whose `from` and `to` both name a node. */
  linked: EdgeView[];
}

const NODE_TYPES: readonly string[] = ["start", "end", "approval", "task", "gateway"];
const OUTCOMES: readonly string[] = ["approved", "rejected", "succeeded", "failed", "timedOut"];

/**
 * True for a JSON object (not an array, not null).
 *
 * @example
 * isRecord({ a: 1 }); // true
 * isRecord([1]);      // false
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The own property `key` of `value` when `value` is an object, else `undefined`; never reads
 * through the prototype (`field({}, "constructor")` is `undefined`).
 *
 * @example
 * field({ nodes: [] }, "nodes"); // []
 * field("text", "length");       // undefined
 */
export function field(value: unknown, key: string): unknown {
  return isRecord(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}

/**
 * Reads the nodes and edges of an untrusted document, skipping whatever is malformed.
 *
 * @example
 * const view = readTemplateView({ nodes: [{ id: "start", type: "start" }, 42], edges: "x" });
 * view.nodes.length; // 1
 * view.edges.length; // 0
 */
export function readTemplateView(document: unknown): TemplateView {
  const nodes: NodeView[] = [];
  const byId = new Map<string, NodeView>();
  const rawNodes = field(document, "nodes");
  if (Array.isArray(rawNodes)) {
    for (const [index, raw] of rawNodes.entries()) {
      const id = field(raw, "id");
      if (!isRecord(raw) || typeof id !== "string") continue;
      const type = field(raw, "type");
      const node: NodeView = {
        id,
        type:
          typeof type === "string" && NODE_TYPES.includes(type) ? (type as NodeType) : undefined,
        index,
        raw,
      };
      nodes.push(node);
      if (!byId.has(id)) byId.set(id, node);
    }
  }
  const edges: EdgeView[] = [];
  const rawEdges = field(document, "edges");
  if (Array.isArray(rawEdges)) {
    for (const [index, raw] of rawEdges.entries()) {
      const from = field(raw, "from");
      const to = field(raw, "to");
      if (!isRecord(raw) || typeof from !== "string" || typeof to !== "string") continue;
      const on = field(raw, "on");
      edges.push({
        from,
        to,
        on:
          on === undefined
            ? undefined
            : typeof on === "string" && OUTCOMES.includes(on)
              ? (on as Outcome)
              : null,
        index,
        raw,
      });
    }
  }
  const linked = edges.filter((edge) => byId.has(edge.from) && byId.has(edge.to));
  return { nodes, byId, edges, linked };
}
