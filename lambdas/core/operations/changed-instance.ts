import type { InstanceRecord } from "../records/instance-record.ts";

/**
 * The instance a change belongs to: the fields of its record that never change once it is
 * created, which is all that recording a change needs (the event's names, the CC copies' rows
 * and conditions, the replay for skipped nodes). Any record of the instance read at any time
 * carries them as they are, so a change never needs the record read again.
 */
export type ChangedInstance = Pick<
  InstanceRecord,
  "tenant" | "instanceId" | "templateId" | "templateVersion" | "input" | "createdAt"
>;
