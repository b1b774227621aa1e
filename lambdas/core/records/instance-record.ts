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
  /** Bumped by every write; a write expecting another version is refused. */
  version: number;
}
