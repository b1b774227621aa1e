import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openFlowDatabase } from "../../lambdas/adapters/sqlite/open-flow-database.ts";
import { sqliteDeadLetterStore } from "../../lambdas/adapters/sqlite/sqlite-dead-letter-store.ts";
import { subscriptionPattern } from "../../lambdas/core/events/subscription-pattern.ts";
import type { BusEvent, FlowEventType } from "../../lambdas/core/records/bus-event.ts";
import { DeliveryRefusedError } from "../../lambdas/embedded/event-plugins/delivery-refused-error.ts";
import type { PluginTarget } from "../../lambdas/embedded/event-plugins/plugin-target.ts";
import {
  type EventRule,
  LocalEventBus,
  type LocalEventBusOptions,
} from "../../lambdas/embedded/local-event-bus.ts";
import { recordingTarget } from "../support/recording-target.ts";

const folder = await mkdtemp(join(tmpdir(), "baton-bus-"));
afterAll(() => rm(folder, { recursive: true, force: true }));

let sequence = 0;
/** A flow event of `type` on template `templateId`, node `nodeId`. */
function event(type: FlowEventType, templateId = "expense", nodeId?: string): BusEvent {
  sequence += 1;
  return {
    type,
    tenant: "default",
    templateId,
    templateVersion: 1,
    instanceId: `i${sequence}`,
    ...(nodeId === undefined ? {} : { nodeId }),
    at: "2026-12-02T10:00:00.000Z",
    detail: {},
  };
}

/** A rule of plugin `plugin` for a subscription to `events`. */
function rule(
  plugin: string,
  target: PluginTarget,
  events: FlowEventType[],
  nodes?: string[],
): EventRule {
  return {
    name: `${plugin}#0`,
    plugin,
    pattern: subscriptionPattern({ events, ...(nodes ? { nodes } : {}) }),
    target,
  };
}

/** A bus whose waits between attempts are recorded and take no time. */
function bus(options: LocalEventBusOptions) {
  const waits: number[] = [];
  const reports: string[] = [];
  const made = new LocalEventBus({
    wait: async (ms) => {
      waits.push(ms);
    },
    report: (line) => reports.push(line),
    ...options,
  });
  return { bus: made, waits, reports };
}

describe("the local bus", () => {
  it("routes each event only to the rules it matches, in EventBridge's envelope", async () => {
    const ends = recordingTarget();
    const leads = recordingTarget();
    const { bus: local } = bus({
      rules: [
        rule("audit", ends.target, ["flow.ended"]),
        rule("lead-watch", leads.target, ["node.completed", "node.activated"], ["lead"]),
      ],
    });
    await local.publish([
      event("flow.started"),
      event("node.activated", "expense", "lead"),
      event("node.completed", "expense", "finance"),
      event("node.completed", "expense", "lead"),
      event("flow.ended"),
    ]);
    await local.settled();
    expect(ends.received.map((envelope) => envelope["detail-type"])).toEqual(["flow.ended"]);
    expect(
      leads.received.map((envelope) => [envelope["detail-type"], envelope.detail.nodeId]),
    ).toEqual([
      ["node.activated", "lead"],
      ["node.completed", "lead"],
    ]);
    expect(ends.received[0]).toMatchObject({
      version: "0",
      source: "baton",
      region: "local",
      resources: [],
    });
    expect(local.recent).toHaveLength(5);
  });

  it("never holds up the publisher or the other plugins for a plugin that hangs", async () => {
    const release = Promise.withResolvers<void>();
    const others = recordingTarget();
    const { bus: local } = bus({
      rules: [
        rule("stuck", () => release.promise, ["flow.ended"]),
        rule("others", others.target, ["flow.ended"]),
      ],
    });
    await local.publish([event("flow.ended")]);
    expect(others.received).toHaveLength(1);
    release.resolve();
    await local.settled();
    expect((await local.deadLetters.list()).items).toEqual([]);
  });

  it("retries a target that fails twice: it gets the event once more per retry, with backoff, and no dead letter", async () => {
    const flaky = recordingTarget(2);
    const {
      bus: local,
      waits,
      reports,
    } = bus({
      rules: [rule("flaky", flaky.target, ["flow.ended"])],
      retry: { attempts: 5, baseDelayMs: 100, maxDelayMs: 1000 },
    });
    await local.publish([event("flow.ended")]);
    await local.settled();
    expect(flaky.received).toHaveLength(3);
    expect(new Set(flaky.received.map((envelope) => envelope.id)).size).toBe(1);
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThanOrEqual(50);
    expect(waits[0]).toBeLessThanOrEqual(100);
    expect(waits[1]).toBeGreaterThanOrEqual(100);
    expect(waits[1]).toBeLessThanOrEqual(200);
    expect((await local.deadLetters.list()).items).toEqual([]);
    expect(reports).toEqual([]);
  });

  it("keeps an event a target always refuses as a dead letter after the last attempt, and the others still get it", async () => {
    const broken = recordingTarget(Number.POSITIVE_INFINITY);
    const fine = recordingTarget();
    const {
      bus: local,
      waits,
      reports,
    } = bus({
      rules: [
        rule("broken", broken.target, ["flow.ended"]),
        rule("fine", fine.target, ["flow.ended"]),
      ],
      retry: { attempts: 4, baseDelayMs: 100, maxDelayMs: 250 },
    });
    const ended = event("flow.ended");
    await local.publish([ended]);
    await local.settled();
    expect(broken.received).toHaveLength(4);
    expect(fine.received).toHaveLength(1);
    expect(Math.max(...waits)).toBeLessThanOrEqual(250);
    const { items } = await local.deadLetters.list();
    expect(items).toEqual([
      {
        id: expect.any(String),
        plugin: "broken",
        rule: "broken#0",
        envelope: broken.received[0],
        attempts: 4,
        error: "the receiver answered 503",
        failedAt: expect.any(String),
      },
    ]);
    expect(items[0]?.envelope.detail).toEqual(ended);
    expect(reports).toEqual([
      `plugin "broken": flow.ended of instance ${ended.instanceId} not delivered after 4 attempts (the receiver answered 503); kept as dead letter ${items[0]?.id} (baton dlq list)`,
    ]);
  });

  it("does not retry a delivery refused for good", async () => {
    const refusing = recordingTarget(1, () => new DeliveryRefusedError("the webhook answered 400"));
    const { bus: local } = bus({ rules: [rule("refusing", refusing.target, ["flow.ended"])] });
    await local.publish([event("flow.ended")]);
    await local.settled();
    expect(refusing.received).toHaveLength(1);
    expect(
      (await local.deadLetters.list()).items.map((letter) => [letter.attempts, letter.error]),
    ).toEqual([[1, "the webhook answered 400"]]);
  });

  it("redrives a dead letter: delivered, then removed; a letter that fails again stays, counted", async () => {
    const flaky = recordingTarget(3);
    const { bus: local } = bus({
      rules: [rule("flaky", flaky.target, ["flow.ended"])],
      retry: { attempts: 2 },
    });
    await local.publish([event("flow.ended")]);
    await local.settled();
    const [letter] = (await local.deadLetters.list()).items;
    expect(letter?.attempts).toBe(2);
    const id = letter?.id as string;
    expect(await local.redrive([id, "no-such-letter"])).toEqual({
      delivered: [],
      failed: [{ id, plugin: "flaky", error: "the receiver answered 503" }],
      missing: ["no-such-letter"],
    });
    expect((await local.deadLetters.get(id))?.attempts).toBe(3);
    expect(await local.redrive("all")).toEqual({ delivered: [id], failed: [], missing: [] });
    expect(flaky.received).toHaveLength(4);
    expect(flaky.received[3]).toEqual(letter?.envelope);
    expect((await local.deadLetters.list()).items).toEqual([]);
  });

  it("keeps a letter whose plugin has no rule any more", async () => {
    const broken = recordingTarget(Number.POSITIVE_INFINITY);
    const first = bus({
      rules: [rule("gone", broken.target, ["flow.ended"])],
      retry: { attempts: 1 },
    });
    await first.bus.publish([event("flow.ended")]);
    await first.bus.settled();
    const second = bus({ deadLetters: first.bus.deadLetters });
    const report = await second.bus.redrive("all");
    expect(report.failed.map((failed) => failed.error)).toEqual([
      'plugin "gone" has no subscription any more',
    ]);
    expect((await second.bus.deadLetters.list()).items.map((letter) => letter.attempts)).toEqual([
      1,
    ]);
  });

  it("when closed, dead-letters what waits for a retry instead of losing it", async () => {
    const broken = recordingTarget(Number.POSITIVE_INFINITY);
    const local = new LocalEventBus({
      rules: [rule("broken", broken.target, ["flow.ended"])],
      wait: (_ms, signal) =>
        new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true })),
      report: () => undefined,
    });
    await local.publish([event("flow.ended")]);
    await local.close();
    expect(broken.received).toHaveLength(1);
    expect(
      (await local.deadLetters.list()).items.map((letter) => [letter.attempts, letter.error]),
    ).toEqual([[1, "the receiver answered 503 (not retried: the engine stopped)"]]);
    await local.publish([event("flow.ended")]);
    await local.settled();
    expect(broken.received).toHaveLength(1);
    expect((await local.deadLetters.list()).items).toHaveLength(2);
  });

  it("keeps its dead letters in SQLite across a restart, and a new engine redrives them", async () => {
    const file = join(folder, "restart", "baton.db");
    const before = openFlowDatabase(file);
    const down = recordingTarget(Number.POSITIVE_INFINITY);
    const first = bus({
      rules: [rule("ci", down.target, ["flow.ended"])],
      deadLetters: sqliteDeadLetterStore(before),
      retry: { attempts: 3 },
    });
    await first.bus.publish([event("flow.ended")]);
    await first.bus.settled();
    before.close();

    const after = openFlowDatabase(file);
    const up = recordingTarget();
    const second = bus({
      rules: [rule("ci", up.target, ["flow.ended"])],
      deadLetters: sqliteDeadLetterStore(after),
    });
    const [letter] = (await second.bus.deadLetters.list()).items;
    expect(letter).toMatchObject({ plugin: "ci", attempts: 3, envelope: down.received[0] });
    expect((await second.bus.redrive("all")).delivered).toEqual([letter?.id]);
    expect(up.received).toEqual([down.received[0]]);
    expect((await second.bus.deadLetters.list()).items).toEqual([]);
    after.close();
  });

  it("gives every event to in-process subscribers, in order, before publish resolves", async () => {
    const seen: string[] = [];
    const { bus: local } = bus({});
    local.subscribe(async (published) => {
      seen.push(published.instanceId);
    });
    const events = [event("flow.started"), event("flow.ended")];
    await local.publish(events);
    expect(seen).toEqual(events.map((published) => published.instanceId));
  });
});
