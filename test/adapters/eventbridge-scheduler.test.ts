import {
  ConflictException,
  ResourceNotFoundException,
  SchedulerClient,
} from "@aws-sdk/client-scheduler";
import { describe, expect, it } from "vitest";
import {
  EventBridgeScheduler,
  scheduleName,
} from "../../lambdas/adapters/aws/eventbridge-scheduler.ts";
import { answerAwsRequests } from "../support/answer-aws-requests.ts";

const target = {
  groupName: "baton-dev",
  functionArn: "arn:aws:lambda:eu-west-1:1:function:reminders",
  roleArn: "arn:aws:iam::1:role/scheduler",
};
const client = () =>
  new SchedulerClient({
    region: "eu-west-1",
    credentials: { accessKeyId: "a", secretAccessKey: "b" },
  });

describe("EventBridgeScheduler (requests answered in place of AWS: no emulator of EventBridge Scheduler runs here)", () => {
  it("creates a one-off schedule that deletes itself, and a repeating one from its first time", async () => {
    const scheduler = client();
    const sent = answerAwsRequests(scheduler, () => ({ ScheduleArn: "arn" }));
    const reminders = new EventBridgeScheduler(scheduler, target);
    await reminders.schedule({
      id: "01J.lead.1",
      tenant: "default",
      subject: { approvalId: "01J.lead.1" },
      at: "2026-12-03T09:00:00.000Z",
    });
    await reminders.schedule({
      id: "01J.lead.2",
      tenant: "default",
      subject: { approvalId: "01J.lead.2" },
      at: "2026-12-03T09:00:00.000Z",
      everySeconds: 1800,
    });
    expect(sent[0]).toMatchObject({
      command: "CreateScheduleCommand",
      input: {
        Name: "01J.lead.1",
        GroupName: "baton-dev",
        ScheduleExpression: "at(2026-12-03T09:00:00)",
        ScheduleExpressionTimezone: "UTC",
        ActionAfterCompletion: "DELETE",
        Target: { Arn: target.functionArn, RoleArn: target.roleArn },
      },
    });
    const created = sent[0]?.input as unknown as { Target: { Input: string } };
    expect(JSON.parse(created.Target.Input)).toMatchObject({
      subject: { approvalId: "01J.lead.1" },
    });
    expect(sent[1]?.input).toMatchObject({
      ScheduleExpression: "rate(30 minutes)",
      StartDate: new Date("2026-12-03T09:00:00.000Z"),
    });
    expect(sent[1]?.input).not.toHaveProperty("ActionAfterCompletion");
  });

  it("replaces a schedule that exists, and cancels one that is already gone without an error", async () => {
    const scheduler = client();
    const sent = answerAwsRequests(scheduler, (command) => {
      if (command === "CreateScheduleCommand")
        throw new ConflictException({ message: "exists", Message: "exists", $metadata: {} });
      if (command === "DeleteScheduleCommand")
        throw new ResourceNotFoundException({ message: "gone", Message: "gone", $metadata: {} });
      return {};
    });
    const reminders = new EventBridgeScheduler(scheduler, target);
    await reminders.schedule({
      id: "x",
      tenant: "default",
      subject: { callbackId: "x" },
      at: "2026-12-03T09:00:00.000Z",
    });
    await reminders.cancel("x");
    expect(sent.map((request) => request.command)).toEqual([
      "CreateScheduleCommand",
      "UpdateScheduleCommand",
      "DeleteScheduleCommand",
    ]);
  });

  it("names schedules with the characters Scheduler allows, at most 64, distinct for distinct ids", () => {
    const long = `${"a".repeat(70)}#1`;
    expect(scheduleName("01J.lead.1")).toBe("01J.lead.1");
    expect(scheduleName(long)).toMatch(/^[0-9A-Za-z_.-]{1,64}$/);
    expect(scheduleName(long)).not.toBe(scheduleName(`${"a".repeat(70)}#2`));
  });

  it("ends a long name with the FNV-1a hash of the whole, so existing schedules keep their names", () => {
    expect(scheduleName(`${"a".repeat(70)}#2`)).toBe(`${"a".repeat(51)}-0gs2rvk`);
  });
});
