/**
 * A callback id handed to a plugin instead of a task token: maps to the token of the state
 * currently parked on the node, and keeps the first report so that a repeated delivery gets
 * the same answer.
 */
export interface CallbackRecord {
  tenant: string;
  callbackId: string;
  instanceId: string;
  nodeId: string;
  /** The task token; replaced when the node is parked again. Never leaves the backend. */
  token: string;
  status: "waiting" | "succeeded" | "failed" | "closed";
  /** The report that settled it. */
  report?: { status: "succeeded" | "failed"; output?: Record<string, unknown>; error?: unknown };
  createdAt: string;
  updatedAt: string;
  version: number;
}
