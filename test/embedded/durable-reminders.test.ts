import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { openFlowDatabase } from "../../lambdas/adapters/sqlite/open-flow-database.ts";
import { sqlitePendingReminders } from "../../lambdas/adapters/sqlite/sqlite-pending-reminders.ts";
import type { Reminder } from "../../lambdas/core/ports/scheduler.ts";
import { TimerScheduler } from "../../lambdas/embedded/timer-scheduler.ts";

const T0 = Date.parse("2026-12-02T09:00:00.000Z");
const HOUR = 3_600_000;
const folders: string[] = [];

afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

/** A database file in a fresh folder, opened anew by each call of the returned function. */
async function databaseFile(): Promise<() => ReturnType<typeof openFlowDatabase>> {
  const folder = await mkdtemp(join(tmpdir(), "baton-reminders-"));
  folders.push(folder);
  return () => openFlowDatabase(join(folder, "baton.db"));
}

function reminder(id: string, at: number, everySeconds?: number): Reminder {
  return {
    id,
    tenant: "default",
    subject: { approvalId: id },
    at: new Date(at).toISOString(),
    ...(everySeconds === undefined ? {} : { everySeconds }),
  };
}

describe("the embedded scheduler keeps its reminders across a restart", () => {
  it("a reminder scheduled before the engine stopped fires after the restart once it is due, once, and is then forgotten", async () => {
    const open = await databaseFile();
    const before = open();
    const first = new TimerScheduler(
      async () => {},
      () => T0,
      sqlitePendingReminders(before),
    );
    await first.schedule(reminder("01J.lead.1", T0 + HOUR));
    await first.schedule(reminder("01J.ops.1", T0 + 5 * HOUR));
    first.close();
    before.close();

    const after = open();
    const fired: string[] = [];
    const kept = sqlitePendingReminders(after);
    const second = new TimerScheduler(
      async (due) => void fired.push(due.id),
      () => T0 + 2 * HOUR,
      kept,
    );
    expect(await second.restore()).toBe(2);
    await vi.waitFor(() => expect(fired).toEqual(["01J.lead.1"]));
    await vi.waitFor(async () =>
      expect((await kept.list()).map((kept) => kept.id)).toEqual(["01J.ops.1"]),
    );
    second.close();
    after.close();
  });

  it("a repeating reminder missed while the engine was down fires once, and is kept at its next time after now", async () => {
    const open = await databaseFile();
    const database = open();
    const kept = sqlitePendingReminders(database);
    const first = new TimerScheduler(
      async () => {},
      () => T0,
      kept,
    );
    await first.schedule(reminder("01J.lead.1", T0 + HOUR, 3600));
    first.close();

    const fired: string[] = [];
    const second = new TimerScheduler(
      async (due) => void fired.push(due.at),
      () => T0 + 3.5 * HOUR,
      kept,
    );
    await second.restore();
    await vi.waitFor(async () =>
      expect((await kept.list()).map((kept) => kept.at)).toEqual([
        new Date(T0 + 4 * HOUR).toISOString(),
      ]),
    );
    expect(fired).toEqual([new Date(T0 + HOUR).toISOString()]);
    second.close();
    database.close();
  });

  it("a cancelled reminder is forgotten, and one that cancels itself as it fires stays cancelled", async () => {
    const open = await databaseFile();
    const database = open();
    const kept = sqlitePendingReminders(database);
    const scheduler: TimerScheduler = new TimerScheduler(
      async (due) => scheduler.cancel(due.id),
      () => T0,
      kept,
    );
    await scheduler.schedule(reminder("01J.lead.1", T0 + HOUR));
    await scheduler.cancel("01J.lead.1");
    await scheduler.schedule(reminder("01J.ops.1", T0 - 1, 60));
    await vi.waitFor(async () => expect(await kept.list()).toEqual([]));
    scheduler.close();
    database.close();
  });
});
