/**
 * How every picture colours an instance: a fill, stroke and text colour per node status and a
 * line per resolved edge status. The mermaid writer turns them into `classDef` and `linkStyle`
 * lines, the SVG picture into its stylesheet; both say the same thing.
 */
import type { EdgeStatus, NodeStatus } from "../engine/instance-state.ts";

/** How a node is painted. */
export interface NodeColours {
  fill: string;
  stroke: string;
  /** @default the renderer's ordinary width */
  strokeWidth?: string;
  /** @default a solid outline */
  dash?: string;
  text: string;
}

/** How an edge is painted. */
export interface EdgeColours {
  stroke: string;
  strokeWidth: string;
  /** @default a solid line */
  dash?: string;
}

/**
 * Node colours by status: waiting grey, active amber with a thick outline, approved and succeeded
 * green, rejected and failed red, timed out orange, skipped grey dashed, poisoned purple dashed,
 * cancelled grey dotted.
 */
export const NODE_STATUS_COLOURS: Readonly<Record<NodeStatus, NodeColours>> = {
  waiting: { fill: "#f6f8fa", stroke: "#8c959f", text: "#57606a" },
  active: { fill: "#fff8c5", stroke: "#bf8700", strokeWidth: "3px", text: "#3b2300" },
  approved: { fill: "#dafbe1", stroke: "#1a7f37", text: "#0f3d1e" },
  succeeded: { fill: "#dafbe1", stroke: "#1a7f37", text: "#0f3d1e" },
  rejected: { fill: "#ffebe9", stroke: "#cf222e", text: "#82071e" },
  failed: { fill: "#ffebe9", stroke: "#cf222e", text: "#82071e" },
  timedOut: { fill: "#fff1e5", stroke: "#bc4c00", text: "#762c00" },
  skipped: { fill: "#f6f8fa", stroke: "#afb8c1", dash: "4 4", text: "#8c959f" },
  poisoned: { fill: "#fbefff", stroke: "#8250df", dash: "4 4", text: "#512a97" },
  cancelled: { fill: "#eaeef2", stroke: "#6e7781", dash: "2 2", text: "#6e7781" },
};

/** How an edge is drawn once it resolved: fired thick green, dead grey dashed, poisoned red. */
export const EDGE_STATUS_COLOURS: Readonly<Record<Exclude<EdgeStatus, "pending">, EdgeColours>> = {
  fired: { stroke: "#1a7f37", strokeWidth: "4px" },
  dead: { stroke: "#afb8c1", strokeWidth: "1px", dash: "5 5" },
  poisoned: { stroke: "#cf222e", strokeWidth: "3px" },
};

/**
 * Whether `status` is a node status a picture colours (a key of {@link NODE_STATUS_COLOURS},
 * not an inherited property).
 *
 * @example
 * isColouredNodeStatus("active");   // true
 * isColouredNodeStatus("toString"); // false
 */
export function isColouredNodeStatus(status: unknown): status is NodeStatus {
  return typeof status === "string" && Object.hasOwn(NODE_STATUS_COLOURS, status);
}

/**
 * Whether `status` is a resolved edge status a picture colours (`pending` is not: it keeps the
 * default line).
 *
 * @example
 * isColouredEdgeStatus("fired");   // true
 * isColouredEdgeStatus("pending"); // false
 */
export function isColouredEdgeStatus(status: unknown): status is Exclude<EdgeStatus, "pending"> {
  return typeof status === "string" && Object.hasOwn(EDGE_STATUS_COLOURS, status);
}
