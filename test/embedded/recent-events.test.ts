import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { BusEvent } from "../../lambdas/core/records/bus-event.ts";
import { RecentEvents } from "../../lambdas/embedded/recent-events.ts";

const eventOf = (seq: number): BusEvent => ({
  type: "node.completed",
  tenant: "default",
  templateId: "expense",
  templateVersion: 1,
  instanceId: "01J",
  seq,
  at: "2026-12-02T10:00:00.000Z",
  detail: {},
});

describe("RecentEvents", () => {
  it("property: lists the last `keep` events added, oldest first, whenever it is read", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }),
        fc.array(fc.boolean(), { maxLength: 30 }),
        (keep, steps) => {
          const recent = new RecentEvents(keep);
          const added: BusEvent[] = [];
          for (const [index, read] of steps.entries()) {
            if (read) {
              expect(recent.list()).toEqual(keep === 0 ? [] : added.slice(-keep));
              continue;
            }
            const event = eventOf(index);
            recent.add(event);
            added.push(event);
          }
          expect(recent.list()).toEqual(keep === 0 ? [] : added.slice(-keep));
        },
      ),
    );
  });
});
