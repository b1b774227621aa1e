import { EventBridgeScheduler } from "../adapters/aws/eventbridge-scheduler.ts";
import { schedulerClient } from "../adapters/aws/scheduler-client.ts";
import type { Scheduler } from "../core/ports/scheduler.ts";
import type { PortFactory } from "./backend-ports.ts";
import { requiredVariable } from "./environment-variables.ts";

/**
 * Reminders on EventBridge Scheduler (`EventBridgeScheduler`): the schedule group
 * `REMINDER_GROUP`, the function a fired reminder invokes `REMINDERS_FUNCTION_ARN`, and the role
 * Scheduler assumes to invoke it `REMINDER_ROLE_ARN`, each required.
 *
 * @example
 * const ports = { scheduler: eventBridgeSchedulerFromEnv };
 */
export const eventBridgeSchedulerFromEnv: PortFactory<Scheduler> = ({ env, clients }) =>
  new EventBridgeScheduler(clients(schedulerClient), {
    groupName: requiredVariable(env, "REMINDER_GROUP"),
    functionArn: requiredVariable(env, "REMINDERS_FUNCTION_ARN"),
    roleArn: requiredVariable(env, "REMINDER_ROLE_ARN"),
  });
