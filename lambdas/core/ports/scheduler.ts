/** A reminder to send later: about which approval or callback, when, and how often. */
export interface Reminder {
  /** Unique per subject; scheduling the same id again replaces it. */
  id: string;
  tenant: string;
  subject: { approvalId: string } | { callbackId: string };
  /** When it first fires (ISO-8601). */
  at: string;
  /** Fires again every this many seconds after `at`, until cancelled. */
  everySeconds?: number;
}

/**
 * Fires reminders (Comet's 延时/定时通知) back into the `sendReminder` operation: EventBridge
 * Scheduler on AWS, timers in the embedded engine. A reminder whose subject is settled
 * cancels itself when it fires, so nothing needs cancelling when an approval is decided.
 *
 * @example
 * await scheduler.schedule({ id: "01J.lead.1", tenant: "default", subject: { approvalId: "01J.lead.1" }, at });
 */
export interface Scheduler {
  schedule(reminder: Reminder): Promise<void>;
  cancel(id: string): Promise<void>;
}
