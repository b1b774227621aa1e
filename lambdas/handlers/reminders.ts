import { dynamoDbApprovalStore } from "../adapters/dynamodb/dynamodb-approval-store.ts";
import { dynamoDbCallbackStore } from "../adapters/dynamodb/dynamodb-callback-store.ts";
import { dynamoDbHistoryStore } from "../adapters/dynamodb/dynamodb-history-store.ts";
import { dynamoDbInstanceStore } from "../adapters/dynamodb/dynamodb-instance-store.ts";
import type { Backend } from "../core/backend/backend.ts";
import { sendReminder } from "../core/operations/send-reminder.ts";
import type { Reminder } from "../core/ports/scheduler.ts";
import { backendFromEnv } from "./backend-from-env.ts";
import type { HandlerWiring } from "./backend-ports.ts";
import { meteredBackend } from "./flow-meter.ts";
import { type LambdaHandler, observedHandler } from "./observed-handler.ts";
import { eventBridgeSchedulerFromEnv } from "./scheduler-from-env.ts";

/**
 * The function EventBridge Scheduler invokes with a reminder as its input (the
 * `EventBridgeScheduler` adapter creates the schedules): sends it, or cancels it when its
 * approval or callback is settled.
 *
 * @example
 * export const handler = remindersHandler(backendFromEnv(wiring));
 */
export function remindersHandler(backend: () => Backend): LambdaHandler<Reminder, void> {
  return observedHandler("reminders", (reminder: Reminder) =>
    sendReminder(meteredBackend(backend()), reminder),
  );
}

/**
 * The AWS ports and stores the reminders function's code calls (its `HANDLER_ACCESS` row), and how each is made:
 * its bundle loads the DynamoDB and Scheduler clients only.
 */
export const wiring: HandlerWiring = {
  handler: "reminders",
  keys: [],
  ports: { scheduler: eventBridgeSchedulerFromEnv },
  stores: {
    instances: dynamoDbInstanceStore,
    approvals: dynamoDbApprovalStore,
    history: dynamoDbHistoryStore,
    callbacks: dynamoDbCallbackStore,
  },
};

/** The Lambda entry point, on the backend of the function's environment. */
export const handler = remindersHandler(backendFromEnv(wiring));
