import type { Backend } from "../backend/backend.ts";
import { parseDuration } from "../model/duration.ts";
import type { ReminderPolicy } from "../model/template.ts";
import type { Reminder } from "../ports/scheduler.ts";

/**
 * Schedules the reminders a node's `remind` asks for, counted from its activation.
 *
 * @example
 * await scheduleReminder(backend, "default", { approvalId: "01J.lead.1" }, node.remind, activatedAt);
 */
export async function scheduleReminder(
  backend: Backend,
  tenant: string,
  subject: Reminder["subject"],
  policy: ReminderPolicy | undefined,
  activatedAt: string,
): Promise<void> {
  const after = policy && parseDuration(policy.after);
  if (!policy || after === undefined) return;
  const every = policy.every === undefined ? undefined : parseDuration(policy.every);
  await backend.scheduler.schedule({
    id: "approvalId" in subject ? subject.approvalId : subject.callbackId,
    tenant,
    subject,
    at: new Date(Date.parse(activatedAt) + after * 1000).toISOString(),
    ...(every === undefined ? {} : { everySeconds: every }),
  });
}
