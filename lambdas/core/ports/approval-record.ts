import type { ApprovalState } from "../engine/instance-state.ts";
import type { ApprovalMode } from "../model/template.ts";

/**
 * The durable record of one approval node of one instance: its seats and decisions, and the
 * token of the state parked on it. Stored before the state parks; written only with a
 * condition on `version`, so that one decision counts per seat however many arrive at once.
 */
export interface ApprovalRecord extends ApprovalState {
  instanceId: string;
  nodeId: string;
  /** How the seats combine, copied from the node so that a decision needs no template. */
  mode: ApprovalMode;
  threshold?: number;
  /** The task token of the parked state; never leaves the backend. */
  token: string;
  /** Bumped by every write; a write expecting another version is refused. */
  version: number;
}
