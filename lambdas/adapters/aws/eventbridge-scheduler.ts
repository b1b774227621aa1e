import {
  CreateScheduleCommand,
  DeleteScheduleCommand,
  type SchedulerClient,
  UpdateScheduleCommand,
} from "@aws-sdk/client-scheduler";
import { fnv1a32 } from "../../core/contract/fnv1a32.ts";
import type { Reminder, Scheduler } from "../../core/ports/scheduler.ts";

/** Where EventBridge Scheduler delivers a fired reminder. */
export interface ReminderTarget {
  /** The schedule group Baton's reminders live in. */
  groupName: string;
  /** The ARN of the reminders function. */
  functionArn: string;
  /** The role EventBridge Scheduler assumes to invoke it. */
  roleArn: string;
}

/** A schedule name from a reminder id: the characters Scheduler allows, at most 64. */
export function scheduleName(id: string): string {
  const safe = id.replace(/[^0-9A-Za-z_.-]/g, "-");
  return safe.length <= 64 ? safe : `${safe.slice(0, 51)}-${hash(safe)}`;
}

function hash(text: string): string {
  return fnv1a32(text).toString(36).padStart(7, "0").slice(0, 12);
}

/** `at(…)` for a one-off reminder, `rate(…)` from its first time for a repeating one. */
function expression(reminder: Reminder): { ScheduleExpression: string; StartDate?: Date } {
  if (reminder.everySeconds === undefined) {
    return { ScheduleExpression: `at(${reminder.at.slice(0, 19)})` };
  }
  const minutes = Math.max(1, Math.round(reminder.everySeconds / 60));
  return {
    ScheduleExpression: `rate(${minutes} ${minutes === 1 ? "minute" : "minutes"})`,
    StartDate: new Date(reminder.at),
  };
}

/**
 * {@link Scheduler} on EventBridge Scheduler: one schedule per reminder, in UTC, invoking the
 * reminders function with the reminder as its input; one-off schedules delete themselves once
 * fired, repeating ones are deleted by `cancel` (the reminder operation cancels a reminder
 * whose subject is settled). Scheduler's finest repeat is one minute.
 *
 * @example
 * const scheduler = new EventBridgeScheduler(new SchedulerClient({}), { groupName, functionArn, roleArn });
 */
export class EventBridgeScheduler implements Scheduler {
  private readonly client: SchedulerClient;
  private readonly target: ReminderTarget;

  constructor(client: SchedulerClient, target: ReminderTarget) {
    this.client = client;
    this.target = target;
  }

  async schedule(reminder: Reminder): Promise<void> {
    const input = {
      Name: scheduleName(reminder.id),
      GroupName: this.target.groupName,
      ...expression(reminder),
      ScheduleExpressionTimezone: "UTC",
      FlexibleTimeWindow: { Mode: "OFF" as const },
      ...(reminder.everySeconds === undefined ? { ActionAfterCompletion: "DELETE" as const } : {}),
      Target: {
        Arn: this.target.functionArn,
        RoleArn: this.target.roleArn,
        Input: JSON.stringify(reminder),
      },
    };
    try {
      await this.client.send(new CreateScheduleCommand(input));
    } catch (error) {
      if ((error as Error).name !== "ConflictException") throw error;
      await this.client.send(new UpdateScheduleCommand(input));
    }
  }

  async cancel(id: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteScheduleCommand({ Name: scheduleName(id), GroupName: this.target.groupName }),
      );
    } catch (error) {
      if ((error as Error).name !== "ResourceNotFoundException") throw error;
    }
  }
}
