import { DatabaseSync } from "node:sqlite";
import { describe, expect, it } from "vitest";
import { sqliteDeadLetterStore } from "../../lambdas/adapters/sqlite/sqlite-dead-letter-store.ts";
import { eventEnvelope } from "../../lambdas/core/events/event-envelope.ts";
import type { BusEvent } from "../../lambdas/core/records/bus-event.ts";
import { countDeadLetters } from "../../lambdas/embedded/count-dead-letters.ts";
import { DeliveryRefusedError } from "../../lambdas/embedded/event-plugins/delivery-refused-error.ts";
import { FlowMetrics } from "../../lambdas/embedded/flow-metrics.ts";
import { LocalEventBus } from "../../lambdas/embedded/local-event-bus.ts";

/** A flow event of instance `id`. */
const ended = (id: string): BusEvent => ({
  type: "flow.ended",
  tenant: "default",
  templateId: "expense",
  templateVersion: 1,
  instanceId: id,
  at: "2026-12-02T10:00:00.000Z",
  detail: { status: "completed" },
});

describe("the dead-letter gauge", () => {
  it("counts the letters of the local bus's SQLite dead-letter store at each scrape", async () => {
    // Prepare: a bus whose one plugin refuses every delivery for good, as baton dev wires it
    const deadLetters = sqliteDeadLetterStore(new DatabaseSync(":memory:"));
    const bus = new LocalEventBus({
      deadLetters,
      report: () => undefined,
      rules: [
        {
          name: "ci#0",
          plugin: "ci",
          pattern: { source: ["baton"] },
          target: async () => {
            throw new DeliveryRefusedError('the webhook of plugin "ci" answered 400');
          },
        },
      ],
    });
    const metrics = new FlowMetrics({ deadLetters: () => countDeadLetters(bus.deadLetters) });
    bus.subscribe((event) => metrics.observe(event));
    const gauge = async () => /^baton_dead_letters (\d+)$/m.exec(await metrics.metrics())?.[1];
    const before = await gauge();

    // Act
    await bus.publish([ended("i1"), ended("i2")]);
    await bus.settled();

    // Assess
    expect(before).toBe("0");
    expect(await gauge()).toBe("2");
  });

  it("reads every page: 0, 1, 100 and 250 letters", async () => {
    // Prepare
    const store = sqliteDeadLetterStore(new DatabaseSync(":memory:"));
    const counts: number[] = [];
    let stored = 0;

    // Act
    for (const total of [0, 1, 100, 250]) {
      for (; stored < total; stored += 1) {
        await store.put({
          id: `L${String(stored).padStart(4, "0")}`,
          plugin: "ci",
          rule: "ci#0",
          envelope: eventEnvelope(ended(`i${stored}`), {
            id: `e${stored}`,
            account: "0",
            region: "local",
          }),
          attempts: 5,
          error: "the webhook answered 503",
          failedAt: new Date(Date.UTC(2026, 11, 2, 10, 0, 0, stored)).toISOString(),
        });
      }
      counts.push(await countDeadLetters(store));
    }

    // Assess
    expect(counts).toEqual([0, 1, 100, 250]);
  });
});
