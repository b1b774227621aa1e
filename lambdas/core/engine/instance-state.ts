import type { FailureOutcome, Outcome } from "../model/template.ts";

/** Where an instance stands (docs/semantics.md §4.6, §4.7). */
export const INSTANCE_STATUSES = [
  "running",
  "completed",
  "rejected",
  "failed",
  "timedOut",
  "no-route",
  "cancelled",
] as const;
export type InstanceStatus = (typeof INSTANCE_STATUSES)[number];

/** The states of an edge (SEMANTICS §4). */
export const EDGE_STATUSES = ["pending", "fired", "dead", "poisoned"] as const;
export type EdgeStatus = (typeof EDGE_STATUSES)[number];

/**
 * The states of a node. `poisoned` is the state of a node that received poison under its
 * join rule and passed it on without running.
 */
export const NODE_STATUSES = [
  "waiting",
  "active",
  "approved",
  "rejected",
  "succeeded",
  "failed",
  "timedOut",
  "skipped",
  "poisoned",
  "cancelled",
] as const satisfies readonly (
  | "waiting"
  | "active"
  | Outcome
  | "skipped"
  | "poisoned"
  | "cancelled"
)[];
export type NodeStatus = (typeof NODE_STATUSES)[number];

export interface EdgeState {
  status: EdgeStatus;
  /** Why the edge is poisoned. */
  reason?: FailureOutcome;
}

export interface NodeState {
  status: NodeStatus;
  /** True once the node has activated, whatever happened next. */
  activated: boolean;
  /** Why the node is poisoned. */
  reason?: FailureOutcome;
}

/** What a node wrote into the context when it completed (SEMANTICS §3). */
export interface NodeResult {
  outcome: Outcome;
  output: Record<string, unknown>;
}

/** The document `when` queries match: `{ input, nodes }`. */
export interface FlowContext {
  input: unknown;
  nodes: Record<string, NodeResult>;
}

/** What an approver did on a seat, in the order it happened. */
export interface ApprovalLogEntry {
  seat: number;
  by: string;
  act: "approve" | "reject" | "transfer" | "addSign";
  /** For `transfer`: who the seat moved to. For `addSign`: who was added. */
  user?: string;
  position?: "before" | "after";
  output?: Record<string, unknown>;
}

/**
 * One seat of an approval node: the people who may act for it now, and what it still needs.
 * A user seat holds one user; a group seat (countersign) holds its members.
 */
export interface Seat {
  /** Who may act for the seat now. */
  holders: string[];
  /** Holders to return to once an approver added with `addSign before` has approved. */
  returnTo: string[][];
  /** Approvers added with `addSign after`, who must approve once the holders have. */
  after: string[];
  /** The one decision that counts for this seat. */
  decision?: "approved" | "rejected";
}

/** The pending work of an approval node. */
export interface ApprovalState {
  seats: Seat[];
  /** False once the node ended or was cancelled: its approvals are withdrawn. */
  open: boolean;
  log: ApprovalLogEntry[];
}

/** An event published for every change of an instance (SEMANTICS §7). */
export interface FlowEvent {
  type:
    | "flow.started"
    | "flow.ended"
    | "node.activated"
    | "node.completed"
    | "node.skipped"
    | "node.cancelled"
    | "approval.requested"
    | "approval.decided"
    | "approval.reminded"
    | "task.requested"
    | "task.reminded";
  /** Position of the event in the instance's history, from 0. */
  seq: number;
  nodeId?: string;
  detail?: Record<string, unknown>;
}

/**
 * Everything there is to know about one instance: each node's status, each edge's state
 * (index-aligned with the template's `edges`), the context and the pending approvals.
 * Plain JSON, so that it can be stored, sent to a page and drawn.
 */
export interface InstanceState {
  templateId: string;
  version: number;
  status: InstanceStatus;
  context: FlowContext;
  nodes: Record<string, NodeState>;
  edges: EdgeState[];
  approvals: Record<string, ApprovalState>;
  events: FlowEvent[];
}
