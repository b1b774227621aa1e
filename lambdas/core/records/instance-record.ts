import type { InstanceStatus } from "../engine/instance-state.ts";

/**
 * One instance of a template as the backend keeps it: which template version it pinned, who
 * started it, its start input and where it stands. Node statuses and outputs are not kept
 * here but folded from the instance's history (one writer per entry, no contention on this
 * item); see {@link InstanceView}.
 */
export interface InstanceRecord {
  tenant: string;
  instanceId: string;
  templateId: string;
  templateVersion: number;
  status: InstanceStatus;
  input: unknown;
  /** The user who started it (the only one who may withdraw it). */
  starter: string;
  /** ISO-8601 times. */
  createdAt: string;
  updatedAt: string;
  endedAt?: string;
  /** Why it failed or was cancelled, in words for people. */
  reason?: string;
  /** The Step Functions execution (ARN on AWS, a local id embedded). */
  executionId?: string;
  /**
   * Set with the end status while the instance's closing steps (withdrawing its approvals,
   * closing its callbacks, recording `flow.ended`, stopping its execution when the end came
   * from outside it) have not all been done; removed once they have. A closing that broke off
   * is finished by the next `endInstance` or by the sweep.
   */
  closing?: InstanceClosing;
  /** Bumped by every write; a write expecting another version is refused. */
  version: number;
}

/** The closing steps an ended instance still owes. */
export interface InstanceClosing {
  /** Its execution runs on and must be stopped (the instance was cancelled from outside it). */
  stopExecution?: true;
}

/**
 * Whether an instance still needs the engine: it runs, or it ended but its closing steps are
 * not all done. The sweep visits exactly these (the stores keep them in an index).
 *
 * @example
 * isUnsettled({ ...record, status: "completed", closing: {} }); // true
 */
export function isUnsettled(record: Pick<InstanceRecord, "status" | "closing">): boolean {
  return record.status === "running" || record.closing !== undefined;
}
