/** A reminder to send later: which approval or callback, and when. */
export interface Reminder {
  /** Unique per reminder; scheduling the same id again replaces it. */
  id: string;
  tenant: string;
  /** The approval id or callback id the reminder is for. */
  subject: { approvalId: string } | { callbackId: string };
  at: string;
  /** Repeat every this many seconds after `at`, if set. */
  everySeconds?: number;
}

/**
 * Fires reminders (Comet's 延时/定时通知): EventBridge Scheduler on AWS, a durable timer list
 * at home. The fired reminder comes back to the remind operation.
 *
 * @example
 * await scheduler.schedule({ id: "01J.lead.1", tenant: "default", subject: { approvalId }, at });
 */
export interface Scheduler {
  schedule(reminder: Reminder): Promise<void>;
  cancel(id: string): Promise<void>;
}
