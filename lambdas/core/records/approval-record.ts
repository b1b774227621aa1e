import type { ApprovalState } from "../engine/instance-state.ts";
import type { ApprovalMode } from "../model/template.ts";

/** Where an approval stands: pending until decided, timed out, withdrawn or cancelled. */
export type ApprovalStatus = "pending" | "approved" | "rejected" | "timedOut" | "withdrawn";

/**
 * One approval of one node visit: its seats, every action taken on them, and the task token
 * of the state parked on it. Written only with a condition on `version`, so exactly one
 * decision counts per seat however many arrive at once.
 */
export interface ApprovalRecord extends ApprovalState {
  tenant: string;
  instanceId: string;
  nodeId: string;
  /** Which run of the node this is (1 for the first; a node may run again later). */
  visit: number;
  templateId: string;
  templateVersion: number;
  /** The instance's starter, who may withdraw. */
  starter: string;
  mode: ApprovalMode;
  threshold?: number;
  status: ApprovalStatus;
  /** The task token of the parked state; never leaves the backend. */
  token: string;
  createdAt: string;
  updatedAt: string;
  /** When the node times out, if it can (ISO-8601). */
  dueAt?: string;
  /** How many times someone reminded the approvers (催办). */
  reminders: number;
  /**
   * When a repair of the decision's resume was claimed (`resumeDecidedApproval`): another
   * repair waits until this is older than the grace period, so two never run at once.
   */
  resumingSince?: string;
  version: number;
}

/** The first visit of a node; later visits come with sending a request back (退回修改). */
export const FIRST_VISIT = 1;

/**
 * The id the API and links use for an approval: instance, node and visit.
 *
 * @example
 * approvalId({ instanceId: "01J", nodeId: "lead", visit: 1 }); // "01J.lead.1"
 */
export function approvalId(
  record: Pick<ApprovalRecord, "instanceId" | "nodeId" | "visit">,
): string {
  return `${record.instanceId}.${record.nodeId}.${record.visit}`;
}

/**
 * Reads an approval id back into its parts, or `undefined` when it is not one.
 *
 * @example
 * parseApprovalId("01J.lead.1"); // { instanceId: "01J", nodeId: "lead", visit: 1 }
 */
export function parseApprovalId(
  id: string,
): { instanceId: string; nodeId: string; visit: number } | undefined {
  const match = /^([0-9A-Za-z_-]{1,64})\.([A-Za-z][A-Za-z0-9_-]{0,63})\.([1-9]\d{0,3})$/.exec(id);
  if (!match?.[1] || !match[2] || !match[3]) return undefined;
  return { instanceId: match[1], nodeId: match[2], visit: Number(match[3]) };
}
