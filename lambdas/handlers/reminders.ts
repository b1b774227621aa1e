import type { Backend } from "../core/backend/backend.ts";
import { sendReminder } from "../core/operations/send-reminder.ts";
import type { Reminder } from "../core/ports/scheduler.ts";
import { backendFromEnv } from "./backend-from-env.ts";
import { meteredBackend } from "./flow-meter.ts";
import { type LambdaHandler, observedHandler } from "./observed-handler.ts";

/**
 * The function EventBridge Scheduler invokes with a reminder as its input (the
 * `EventBridgeScheduler` adapter creates the schedules): sends it, or cancels it when its
 * approval or callback is settled.
 *
 * @example
 * export const handler = remindersHandler(backendFromEnv);
 */
export function remindersHandler(backend: () => Backend): LambdaHandler<Reminder, void> {
  return observedHandler("reminders", (reminder: Reminder) =>
    sendReminder(meteredBackend(backend()), reminder),
  );
}

/** The Lambda entry point, on the backend of the function's environment. */
export const handler = remindersHandler(backendFromEnv);
