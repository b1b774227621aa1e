import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { memoryDeliveryQueue } from "../../lambdas/adapters/memory/memory-delivery-queue.ts";
import { openFlowDatabase } from "../../lambdas/adapters/sqlite/open-flow-database.ts";
import { sqliteDeadLetterStore } from "../../lambdas/adapters/sqlite/sqlite-dead-letter-store.ts";
import { sqliteDeliveryQueue } from "../../lambdas/adapters/sqlite/sqlite-delivery-queue.ts";
import { subscriptionPattern } from "../../lambdas/core/events/subscription-pattern.ts";
import type { BusEvent } from "../../lambdas/core/records/bus-event.ts";
import { deliveryId } from "../../lambdas/embedded/delivery-id.ts";
import type { PluginTarget } from "../../lambdas/embedded/event-plugins/plugin-target.ts";
import {
  LocalEventBus,
  type LocalEventBusOptions,
} from "../../lambdas/embedded/local-event-bus.ts";
import { eventually } from "../support/eventually.ts";
import { recordingTarget } from "../support/recording-target.ts";

const folder = await mkdtemp(join(tmpdir(), "baton-deliveries-"));
const opened: DatabaseSync[] = [];
afterAll(async () => {
  for (const database of opened) if (database.isOpen) database.close();
  await rm(folder, { recursive: true, force: true });
});

const T0 = Date.parse("2026-12-02T10:00:00.000Z");
const ended: BusEvent = {
  type: "flow.ended",
  tenant: "default",
  templateId: "expense",
  templateVersion: 1,
  instanceId: "06H3ATQ9P3HZWRE808XGQ74SZW",
  seq: 7,
  at: "2026-12-02T10:00:00.000Z",
  detail: { status: "completed" },
};

/**
 * A bus on the SQLite file whose clock reads `at` and whose waits are recorded. A wait lasts
 * until the bus closes, unless `waitsPass`: so a delivery waiting for its retry stays waiting
 * when the process is dropped.
 */
function bus(
  database: DatabaseSync,
  target: PluginTarget,
  at: number,
  options: { waitsPass: boolean; retry?: LocalEventBusOptions["retry"] },
) {
  const waits: number[] = [];
  const local = new LocalEventBus({
    rules: [
      {
        name: "ci#0",
        plugin: "ci",
        pattern: subscriptionPattern({ events: ["flow.ended"] }),
        target,
      },
    ],
    deliveries: sqliteDeliveryQueue(database),
    deadLetters: sqliteDeadLetterStore(database),
    now: () => new Date(at),
    wait: (ms, signal) => {
      waits.push(ms);
      return options.waitsPass
        ? Promise.resolve()
        : new Promise((resolve) =>
            signal.addEventListener("abort", () => resolve(), { once: true }),
          );
    },
    report: () => undefined,
    ...(options.retry ? { retry: options.retry } : {}),
  });
  return { bus: local, waits };
}

const open = (file: string) => {
  const database = openFlowDatabase(file);
  opened.push(database);
  return database;
};

describe("the local bus's deliveries across a restart", () => {
  it("delivers a delivery that waited for its retry when the process was dropped, once, after the restart, when its retry is due", async () => {
    const file = join(folder, "waiting", "baton.db");
    const flaky = recordingTarget(1);
    const first = bus(open(file), flaky.target, T0, { waitsPass: false });
    await first.bus.publish([ended]);
    expect(flaky.received).toHaveLength(1);
    await eventually(
      async () => first.waits.length,
      (count) => count === 1,
    );
    const [waited] = first.waits as [number];
    // Dropped: never closed, its wait never ends; a new process opens the file 200 ms later.
    const after = open(file);
    const up = recordingTarget(0);
    const second = bus(after, up.target, T0 + 200, { waitsPass: true });
    expect(await second.bus.resume()).toBe(1);
    await second.bus.settled();
    expect(second.waits).toHaveLength(1);
    // The retry was due `waited` ms after the attempt, kept to the millisecond.
    expect(Math.abs((second.waits[0] as number) - (waited - 200))).toBeLessThanOrEqual(1);
    expect(up.received).toEqual(flaky.received);
    expect(up.received[0]?.id).toBe(deliveryId(ended, "ci#0"));
    expect(await sqliteDeliveryQueue(after).list()).toEqual([]);
    expect((await second.bus.deadLetters.list()).items).toEqual([]);

    const third = bus(after, up.target, T0 + 400, { waitsPass: true });
    expect(await third.bus.resume()).toBe(0);
    expect(up.received).toHaveLength(1);
  });

  it("counts the attempts made before the restart: the last one allowed dead-letters it", async () => {
    const file = join(folder, "counted", "baton.db");
    const down = recordingTarget(Number.POSITIVE_INFINITY);
    const retry = { attempts: 3 };
    const first = bus(open(file), down.target, T0, { waitsPass: false, retry });
    await first.bus.publish([ended]);
    await eventually(
      async () => first.waits.length,
      (count) => count === 1,
    );
    expect(await sqliteDeliveryQueue(open(file)).list()).toMatchObject([
      { id: deliveryId(ended, "ci#0"), attempts: 1, error: "the receiver answered 503" },
    ]);
    const second = bus(open(file), down.target, T0 + 60_000, { waitsPass: true, retry });
    await second.bus.resume();
    await second.bus.settled();
    expect(second.waits).toHaveLength(1);
    expect(down.received).toHaveLength(3);
    expect((await second.bus.deadLetters.list()).items).toMatchObject([
      { plugin: "ci", rule: "ci#0", attempts: 3, envelope: down.received[0] },
    ]);
    expect(await sqliteDeliveryQueue(open(file)).list()).toEqual([]);
  });

  it("keeps what waits for a retry when it closes, and an event published after, untried, for the next start", async () => {
    const file = join(folder, "closed", "baton.db");
    const flaky = recordingTarget(1);
    const first = bus(open(file), flaky.target, T0, { waitsPass: false });
    await first.bus.publish([ended]);
    await first.bus.close();
    await first.bus.publish([{ ...ended, seq: 8 }]);
    await first.bus.settled();
    expect(flaky.received).toHaveLength(1);
    expect((await first.bus.deadLetters.list()).items).toEqual([]);

    const second = bus(open(file), flaky.target, T0 + 60_000, { waitsPass: true });
    expect(await second.bus.resume()).toBe(2);
    await second.bus.settled();
    expect(flaky.received.map((envelope) => envelope.detail.seq).sort()).toEqual([7, 7, 8]);
  });

  it("delivers an event published again while its delivery is kept only once", async () => {
    const flaky = recordingTarget(1);
    const local = new LocalEventBus({
      rules: [
        {
          name: "ci#0",
          plugin: "ci",
          pattern: subscriptionPattern({ events: ["flow.ended"] }),
          target: flaky.target,
        },
      ],
      deliveries: memoryDeliveryQueue(),
      wait: async () => undefined,
    });
    await local.publish([ended]);
    await local.publish([ended]);
    await local.settled();
    expect(flaky.received).toHaveLength(2);
    await local.publish([ended]);
    await local.settled();
    expect(flaky.received).toHaveLength(3);
    expect(new Set(flaky.received.map((envelope) => envelope.id)).size).toBe(1);
  });
});

describe("deliveryId", () => {
  const key = fc.record({
    tenant: fc.constantFrom("default", "acme"),
    instanceId: fc.constantFrom("i1", "i2"),
    seq: fc.integer({ min: 1, max: 3 }),
    rule: fc.constantFrom("ci#0", "ci#1", "audit#0"),
  });
  const eventOf = (of: { tenant: string; instanceId: string; seq: number }): BusEvent => ({
    ...ended,
    ...of,
  });

  it("property: the same for the same tenant, instance, seq and rule, different otherwise, and a UUID", () => {
    fc.assert(
      fc.property(key, key, fc.string(), (a, b, at) => {
        const first = deliveryId({ ...eventOf(a), at }, a.rule);
        expect(first).toMatch(
          /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
        );
        expect(deliveryId(eventOf(b), b.rule) === first).toBe(
          JSON.stringify(a) === JSON.stringify(b),
        );
      }),
    );
  });

  it("is random for an event without a seq", () => {
    const { seq: _seq, ...fired } = ended;
    expect(deliveryId(fired, "ci#0")).not.toBe(deliveryId(fired, "ci#0"));
  });
});
