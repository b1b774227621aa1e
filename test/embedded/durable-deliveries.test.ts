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
import { sqliteFlowStores } from "../../lambdas/adapters/sqlite/sqlite-flow-stores.ts";
import { sqliteOutbox } from "../../lambdas/adapters/sqlite/sqlite-outbox.ts";
import { subscriptionPattern } from "../../lambdas/core/events/subscription-pattern.ts";
import type { BusEvent } from "../../lambdas/core/records/bus-event.ts";
import { deliveryId } from "../../lambdas/embedded/delivery-id.ts";
import type { DeliveryQueue } from "../../lambdas/embedded/delivery-queue.ts";
import type { PluginTarget } from "../../lambdas/embedded/event-plugins/plugin-target.ts";
import {
  LocalEventBus,
  type LocalEventBusOptions,
} from "../../lambdas/embedded/local-event-bus.ts";
import { eventually } from "../support/eventually.ts";
import { historyEntry } from "../support/flow-records.ts";
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

const ENDED = subscriptionPattern({ events: ["flow.ended"] });

/** A target that takes each envelope once `release` is called; `received` counts the calls. */
function heldTarget() {
  const held = Promise.withResolvers<void>();
  const received: unknown[] = [];
  const target: PluginTarget = async (envelope) => {
    received.push(envelope);
    await held.promise;
  };
  return { target, received, release: () => held.resolve() };
}

/** The queue on `database`, with the ids of the deliveries each `accept` was asked to keep. */
function watchedQueue(database: DatabaseSync, fail?: () => Error | undefined) {
  const queue = sqliteDeliveryQueue(database);
  const accepted: string[][] = [];
  const watched: DeliveryQueue = {
    ...queue,
    accept: (deliveries, published) => {
      accepted.push(deliveries.map((delivery) => delivery.id));
      const failure = fail?.();
      return failure ? Promise.reject(failure) : queue.accept(deliveries, published);
    },
  };
  return { queue: watched, accepted };
}

/** `ended` appended to the history of a database, so the outbox holds its row. */
async function appended(file: string): Promise<DatabaseSync> {
  const database = open(file);
  await sqliteFlowStores(database).history.append(
    historyEntry(ended.seq as number, { tenant: ended.tenant, instanceId: ended.instanceId }),
  );
  return database;
}

const outboxSeqs = async (database: DatabaseSync) =>
  (await sqliteOutbox(database).left()).map((entry) => entry.seq);

describe("deliveries taken at their first attempt", () => {
  it("are never written to the queue, and the event leaves the outbox only once every delivery of it was tried", async () => {
    const database = await appended(join(folder, "first-attempts", "baton.db"));
    const fast = recordingTarget(0);
    const slow = heldTarget();
    const { queue, accepted } = watchedQueue(database);
    const local = new LocalEventBus({
      rules: [
        { name: "ci#0", plugin: "ci", pattern: ENDED, target: fast.target },
        { name: "audit#0", plugin: "audit", pattern: ENDED, target: slow.target },
      ],
      deliveries: queue,
    });
    await local.publish([ended]);
    expect(fast.received).toHaveLength(1);
    expect(slow.received).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The slow plugin has not answered: the outbox still owes the event, nothing is kept.
    expect(await outboxSeqs(database)).toEqual([7]);
    expect(accepted).toEqual([]);
    slow.release();
    await local.settled();
    expect(accepted).toEqual([[]]);
    expect(await outboxSeqs(database)).toEqual([]);
    expect(await queue.list()).toEqual([]);
  });

  it("leave the event in the outbox when the process is dropped before they were all made, so the next start relays it", async () => {
    const file = join(folder, "dropped-first-attempt", "baton.db");
    const database = await appended(file);
    const slow = heldTarget();
    const local = new LocalEventBus({
      rules: [{ name: "ci#0", plugin: "ci", pattern: ENDED, target: slow.target }],
      deliveries: sqliteDeliveryQueue(database),
    });
    await local.publish([ended]);
    // Dropped: the attempt never ends. Another process opens the file.
    const after = open(file);
    expect(await outboxSeqs(after)).toEqual([7]);
    expect(await sqliteDeliveryQueue(after).list()).toEqual([]);
  });

  it("keep the one that failed, with its retry state, in the accept that takes the event off the outbox", async () => {
    const database = await appended(join(folder, "first-failed", "baton.db"));
    const fine = recordingTarget(0);
    const down = recordingTarget(Number.POSITIVE_INFINITY);
    const { queue, accepted } = watchedQueue(database);
    const both = new LocalEventBus({
      rules: [
        { name: "ok#0", plugin: "ok", pattern: ENDED, target: fine.target },
        { name: "ci#0", plugin: "ci", pattern: ENDED, target: down.target },
      ],
      deliveries: queue,
      now: () => new Date(T0),
      wait: (_ms, signal) =>
        new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true })),
      report: () => undefined,
    });
    await both.publish([ended]);
    await eventually(
      async () => accepted.length,
      (count) => count === 1,
    );
    expect(accepted).toEqual([[deliveryId(ended, "ci#0")]]);
    expect(await outboxSeqs(database)).toEqual([]);
    expect(await queue.list()).toMatchObject([
      { id: deliveryId(ended, "ci#0"), attempts: 1, error: "the receiver answered 503" },
    ]);
    await both.close();
  });

  it("of an event published again while they run are made once, and its outbox row waits for them", async () => {
    const database = await appended(join(folder, "published-twice", "baton.db"));
    const slow = heldTarget();
    const { queue, accepted } = watchedQueue(database);
    const local = new LocalEventBus({
      rules: [{ name: "ci#0", plugin: "ci", pattern: ENDED, target: slow.target }],
      deliveries: queue,
    });
    await local.publish([ended]);
    await local.publish([ended]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(slow.received).toHaveLength(1);
    expect(await outboxSeqs(database)).toEqual([7]);
    slow.release();
    await local.settled();
    expect(slow.received).toHaveLength(1);
    expect(accepted).toEqual([[], []]);
    expect(await outboxSeqs(database)).toEqual([]);
  });

  it("whose accept fails: reported, the event stays in the outbox, and the failed delivery is still retried", async () => {
    const database = await appended(join(folder, "accept-fails", "baton.db"));
    const flaky = recordingTarget(1);
    const reports: string[] = [];
    const { queue } = watchedQueue(database, () => new Error("disk I/O error"));
    const local = new LocalEventBus({
      rules: [{ name: "ci#0", plugin: "ci", pattern: ENDED, target: flaky.target }],
      deliveries: queue,
      wait: async () => undefined,
      report: (line) => reports.push(line),
    });
    await local.publish([ended]);
    await local.settled();
    expect(flaky.received).toHaveLength(2);
    expect(reports).toEqual([
      "keeping 1 failed deliveries and taking 1 events off the outbox failed (disk I/O error); the events stay in the outbox for the next start",
    ]);
    expect(await outboxSeqs(database)).toEqual([7]);
    expect((await local.deadLetters.list()).items).toEqual([]);
  });
});

/** What a target does at one attempt. */
type Answer = "take" | "fail" | "hang";

describe("property: a process dropped anywhere", () => {
  it("owes no delivery after the restart: each event published is taken by each rule at least once, or dead-lettered", async () => {
    const RULES = ["ci#0", "audit#0"];
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.constantFrom<Answer>("take", "fail", "hang"), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 0, max: 12 }),
        async (events, answers, turns) => {
          run += 1;
          const file = join(folder, `dropped-${run}`, "baton.db");
          const before = open(file);
          const stores = sqliteFlowStores(before);
          const published = Array.from({ length: events }, (_, index) => ({
            ...ended,
            seq: index + 1,
          }));
          const taken = new Set<string>();
          let dropped = false;
          let next = 0;
          /** Answers attempts as drawn, in the order they come; after the drop, never. */
          const drawn: PluginTarget = async (envelope) => {
            const answer = dropped ? "hang" : (answers[next++ % answers.length] as Answer);
            if (answer === "hang") return new Promise(() => undefined);
            if (answer === "fail") throw new Error("the receiver answered 503");
            taken.add(envelope.id);
          };
          const first = new LocalEventBus({
            rules: RULES.map((name) => ({
              name,
              plugin: name.split("#")[0] as string,
              pattern: ENDED,
              target: drawn,
            })),
            deliveries: sqliteDeliveryQueue(before),
            deadLetters: sqliteDeadLetterStore(before),
            retry: { attempts: 3 },
            wait: async () => undefined,
            report: () => undefined,
          });
          for (const event of published) {
            await stores.history.append(
              historyEntry(event.seq, { tenant: event.tenant, instanceId: event.instanceId }),
            );
            await first.publish([event]);
          }
          for (let turn = 0; turn < turns; turn += 1) {
            await new Promise((resolve) => setImmediate(resolve));
          }
          // Dropped: what was not committed is lost, and its targets never answer again.
          dropped = true;
          before.close();

          const after = open(file);
          const second = new LocalEventBus({
            rules: RULES.map((name) => ({
              name,
              plugin: name.split("#")[0] as string,
              pattern: ENDED,
              target: async (envelope) => {
                taken.add(envelope.id);
              },
            })),
            deliveries: sqliteDeliveryQueue(after),
            deadLetters: sqliteDeadLetterStore(after),
            wait: async () => undefined,
            report: () => undefined,
          });
          await second.resume();
          // The relay of what the outbox holds (relayOutbox, with the events as published).
          const left = (await sqliteOutbox(after).left()).map((entry) => entry.seq);
          await second.publish(published.filter((event) => left.includes(event.seq)));
          await second.settled();
          const lettered = new Set(
            (await second.deadLetters.list()).items.map((letter) => letter.envelope.id),
          );
          for (const event of published) {
            for (const rule of RULES) {
              const id = deliveryId(event, rule);
              expect(taken.has(id) || lettered.has(id)).toBe(true);
            }
          }
          expect(await outboxSeqs(after)).toEqual([]);
          expect(await sqliteDeliveryQueue(after).list()).toEqual([]);
          after.close();
        },
      ),
      { numRuns: 60 },
    );
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
