import { describe, expect, it, vi } from "vitest";
import { actOnApproval } from "../../lambdas/core/operations/act-on-approval.ts";
import { reportCallback } from "../../lambdas/core/operations/report-callback.ts";
import { sendReminder } from "../../lambdas/core/operations/send-reminder.ts";
import type { Reminder } from "../../lambdas/core/ports/scheduler.ts";
import { TimerScheduler } from "../../lambdas/embedded/timer-scheduler.ts";
import { parkCallback } from "../support/park-callback.ts";
import { startedInstance, startedWithApproval } from "../support/started-instance.ts";
import { approval, flow, task } from "../support/template-builder.ts";

const TENANT = "default";
const template = flow(
  [
    approval("lead", ["al"], { remind: { after: "PT1H", every: "PT30M" } }),
    task("build", { mode: "callback", remind: { after: "PT10M" } }),
  ],
  ["start>lead", "lead>build", "build>end"],
  { id: "reminded" },
);

describe("reminders (延时/定时通知)", () => {
  it("schedules an approval's reminders from its activation, reminds its approvers, and stops once it is decided", async () => {
    const { backend, approvalId } = await startedWithApproval(template, { token: "t" });
    const reminder = backend.reminders.get(approvalId) as Reminder;
    expect(reminder).toEqual({
      id: approvalId,
      tenant: TENANT,
      subject: { approvalId },
      at: new Date(backend.clock.now().getTime() + 3600_000).toISOString(),
      everySeconds: 1800,
    });
    await sendReminder(backend, reminder);
    expect(backend.events.at(-1)).toMatchObject({
      type: "approval.reminded",
      nodeId: "lead",
      detail: { approvalId, approvers: ["al"] },
    });
    await actOnApproval(backend, TENANT, approvalId, "al", { action: "approve" });
    const before = backend.events.length;
    await sendReminder(backend, reminder);
    expect(backend.events.length).toBe(before);
    expect(backend.reminders.has(approvalId)).toBe(false);
  });

  it("reminds a waiting callback task's system once, and not after it reported", async () => {
    const { backend, instance } = await startedInstance(template);
    await parkCallback(backend, instance, "t-build");
    const reminder = [...backend.reminders.values()][0] as Reminder;
    expect(reminder.everySeconds).toBeUndefined();
    await sendReminder(backend, reminder);
    expect(backend.events.at(-1)).toMatchObject({ type: "task.reminded", nodeId: "build" });
    await reportCallback(backend, TENANT, (reminder.subject as { callbackId: string }).callbackId, {
      status: "succeeded",
    });
    await sendReminder(backend, reminder);
    expect(backend.reminders.size).toBe(0);
  });

  it("fires the embedded engine's timers when due, again every interval, until cancelled", async () => {
    vi.useFakeTimers({ now: Date.parse("2026-12-02T09:00:00.000Z") });
    try {
      const fired: string[] = [];
      const scheduler = new TimerScheduler(async (reminder) => void fired.push(reminder.at));
      await scheduler.schedule({
        id: "r",
        tenant: TENANT,
        subject: { approvalId: "x.lead.1" },
        at: "2026-12-02T10:00:00.000Z",
        everySeconds: 1800,
      });
      await vi.advanceTimersByTimeAsync(3600_000 - 1);
      expect(fired).toEqual([]);
      await vi.advanceTimersByTimeAsync(1 + 3600_000);
      expect(fired).toEqual([
        "2026-12-02T10:00:00.000Z",
        "2026-12-02T10:30:00.000Z",
        "2026-12-02T11:00:00.000Z",
      ]);
      await scheduler.cancel("r");
      await vi.advanceTimersByTimeAsync(7200_000);
      expect(fired).toHaveLength(3);
    } finally {
      vi.useRealTimers();
    }
  });
});
