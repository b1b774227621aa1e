import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { eventEnvelope } from "../../lambdas/core/events/event-envelope.ts";
import {
  compilePattern,
  type EventPattern,
  type PatternMatcher,
} from "../../lambdas/core/events/event-pattern.ts";
import { subscriptionPattern } from "../../lambdas/core/events/subscription-pattern.ts";
import type { BusEvent, FlowEventType } from "../../lambdas/core/records/bus-event.ts";
import { patternDetailTypes } from "../../lambdas/embedded/pattern-detail-types.ts";

const TYPES: FlowEventType[] = [
  "flow.started",
  "flow.ended",
  "node.activated",
  "node.completed",
  "approval.requested",
];

/** A matcher of `detail-type`: mostly exact types, sometimes a content filter. */
const typeMatcher: fc.Arbitrary<PatternMatcher> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...TYPES) },
  { weight: 1, arbitrary: fc.constantFrom("flow.", "node.").map((prefix) => ({ prefix })) },
  { weight: 1, arbitrary: fc.constantFrom(...TYPES).map((type) => ({ "anything-but": type })) },
  { weight: 1, arbitrary: fc.constant({ exists: true }) },
);

/** A pattern with or without a `detail-type` list, a node filter, and sometimes a `$or` on types. */
const pattern: fc.Arbitrary<EventPattern> = fc
  .record(
    {
      types: fc.array(typeMatcher, { minLength: 1, maxLength: 3 }),
      nodes: fc.subarray(["lead", "finance"], { minLength: 1 }),
      either: fc.tuple(
        fc.array(typeMatcher, { minLength: 1, maxLength: 2 }),
        fc.array(typeMatcher, { minLength: 1, maxLength: 2 }),
      ),
    },
    { requiredKeys: [] },
  )
  .map(({ types, nodes, either }) => ({
    source: ["baton"],
    ...(types ? { "detail-type": types } : {}),
    ...(nodes ? { detail: { nodeId: nodes } } : {}),
    ...(either ? { $or: either.map((branch) => ({ "detail-type": branch })) } : {}),
  }));

const event: fc.Arbitrary<BusEvent> = fc.record({
  type: fc.constantFrom(...TYPES),
  tenant: fc.constant("default"),
  templateId: fc.constant("expense"),
  templateVersion: fc.constant(1),
  instanceId: fc.constant("01J"),
  nodeId: fc.constantFrom("lead", "finance"),
  at: fc.constant("2026-12-02T10:00:00.000Z"),
  detail: fc.constant({}),
});

describe("patternDetailTypes", () => {
  it("property: a pattern matches no event of a type outside the types it names", () => {
    fc.assert(
      fc.property(pattern, event, (wanted, published) => {
        const types = patternDetailTypes(wanted);
        const envelope = eventEnvelope(published, {
          id: "e1",
          account: "000000000000",
          region: "local",
        });
        if (compilePattern(wanted)(envelope)) {
          expect(types === undefined || types.has(published.type)).toBe(true);
        }
      }),
    );
  });

  it("names exactly a subscription's events, and nothing for a pattern with a content filter on the type", () => {
    const subscribed = subscriptionPattern({ events: ["flow.ended", "node.completed"] });
    expect(patternDetailTypes(subscribed)).toEqual(new Set(["flow.ended", "node.completed"]));
    expect(patternDetailTypes({ "detail-type": ["flow.ended", { prefix: "node." }] })).toBe(
      undefined,
    );
    expect(patternDetailTypes({ detail: { nodeId: ["lead"] } })).toBe(undefined);
  });
});
