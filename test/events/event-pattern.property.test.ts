import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { eventEnvelope } from "../../lambdas/core/events/event-envelope.ts";
import {
  type EventPattern,
  matchesPattern,
  type PatternScalar,
} from "../../lambdas/core/events/event-pattern.ts";
import { subscriptionPattern } from "../../lambdas/core/events/subscription-pattern.ts";
import type { Subscription } from "../../lambdas/core/plugins/plugin-declaration.ts";
import type { BusEvent, FlowEventType } from "../../lambdas/core/records/bus-event.ts";

type Json = PatternScalar | { [key: string]: Json };

const key = fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/);
const scalar: fc.Arbitrary<PatternScalar> = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
);
const object: fc.Arbitrary<{ [key: string]: Json }> = fc.letrec<{ node: { [key: string]: Json } }>(
  (tie) => ({
    node: fc.dictionary(key, fc.oneof({ depthSize: "small", maxDepth: 3 }, scalar, tie("node")), {
      minKeys: 1,
      maxKeys: 4,
    }),
  }),
).node;

/** Every leaf of an object: its path and value. */
function leaves(value: { [key: string]: Json }, path: string[] = []): [string[], PatternScalar][] {
  return Object.entries(value).flatMap(([name, inner]) =>
    inner !== null && typeof inner === "object"
      ? leaves(inner, [...path, name])
      : [[[...path, name], inner] as [string[], PatternScalar]],
  );
}

/** A pattern asking, at each chosen path, for `matcher(value)`. */
function patternOf(
  chosen: [string[], PatternScalar][],
  matcher: (value: PatternScalar) => EventPattern[string],
): EventPattern {
  const pattern: EventPattern = {};
  for (const [path, value] of chosen) {
    let level = pattern;
    for (const name of path.slice(0, -1)) {
      level[name] ??= {};
      level = level[name] as EventPattern;
    }
    level[path.at(-1) as string] = matcher(value);
  }
  return pattern;
}

/** An object and a non-empty subset of its leaves. */
const objectAndLeaves = object
  .map((event) => ({ event, all: leaves(event) }))
  .filter(({ all }) => all.length > 0)
  .chain(({ event, all }) =>
    fc.record({
      event: fc.constant(event),
      chosen: fc.subarray(all, { minLength: 1 }),
    }),
  );

/** A value that equals no scalar `value`. */
const other = (value: PatternScalar): PatternScalar =>
  typeof value === "string" ? `${value}·` : `not ${String(value)}`;

describe("matchesPattern, for all events", () => {
  it("a pattern built from an event's own values matches it, exactly and by exists", () => {
    fc.assert(
      fc.property(objectAndLeaves, ({ event, chosen }) => {
        expect(
          matchesPattern(
            patternOf(chosen, (value) => [value]),
            event,
          ),
        ).toBe(true);
        expect(
          matchesPattern(
            patternOf(chosen, () => [{ exists: true }]),
            event,
          ),
        ).toBe(true);
      }),
    );
  });

  it("changing one matched value in the event stops the match", () => {
    fc.assert(
      fc.property(objectAndLeaves, fc.nat(), ({ event, chosen }, pick) => {
        const [path, value] = chosen[pick % chosen.length] as [string[], PatternScalar];
        const changed = structuredClone(event);
        let level = changed as { [key: string]: Json };
        for (const name of path.slice(0, -1)) level = level[name] as { [key: string]: Json };
        level[path.at(-1) as string] = other(value);
        expect(
          matchesPattern(
            patternOf(chosen, (kept) => [kept]),
            changed,
          ),
        ).toBe(false);
      }),
    );
  });

  it("anything-but a leaf's own value never matches it; anything-but another value does", () => {
    fc.assert(
      fc.property(objectAndLeaves, ({ event, chosen }) => {
        expect(
          matchesPattern(
            patternOf(chosen, (value) => [{ "anything-but": value }]),
            event,
          ),
        ).toBe(false);
        expect(
          matchesPattern(
            patternOf(chosen, (value) => [{ "anything-but": other(value) }]),
            event,
          ),
        ).toBe(true);
      }),
    );
  });
});

const TYPES: FlowEventType[] = ["flow.started", "flow.ended", "node.activated", "node.completed"];
const TEMPLATES = ["expense", "leave", "expense-v2"];
const NODES = ["lead", "finance", "lead-2"];

const busEvent: fc.Arbitrary<BusEvent> = fc.record(
  {
    type: fc.constantFrom(...TYPES),
    tenant: fc.constant("default"),
    templateId: fc.constantFrom(...TEMPLATES),
    templateVersion: fc.integer({ min: 1, max: 3 }),
    instanceId: fc.constant("01J"),
    nodeId: fc.constantFrom(...NODES),
    at: fc.constant("2026-12-02T10:00:00.000Z"),
    detail: fc.constant({}),
  },
  {
    requiredKeys: ["type", "tenant", "templateId", "templateVersion", "instanceId", "at", "detail"],
  },
);

const subscription: fc.Arbitrary<Subscription> = fc.record(
  {
    events: fc.subarray(TYPES, { minLength: 1 }),
    templates: fc.subarray(TEMPLATES, { minLength: 1 }),
    nodes: fc.subarray(NODES, { minLength: 1 }),
  },
  { requiredKeys: ["events"] },
);

describe("subscriptionPattern", () => {
  it("matches an envelope exactly when its type, template and node are subscribed", () => {
    fc.assert(
      fc.property(subscription, busEvent, (wanted, event) => {
        const envelope = eventEnvelope(event, {
          id: "e1",
          account: "000000000000",
          region: "local",
        });
        const expected =
          wanted.events.includes(event.type) &&
          (wanted.templates === undefined || wanted.templates.includes(event.templateId)) &&
          (wanted.nodes === undefined ||
            (event.nodeId !== undefined && wanted.nodes.includes(event.nodeId)));
        expect(matchesPattern(subscriptionPattern(wanted), envelope)).toBe(expected);
      }),
    );
  });

  it("is plain EventBridge: source, detail-type and detail lists only", () => {
    expect(
      subscriptionPattern({ events: ["node.completed"], templates: ["expense"], nodes: ["lead"] }),
    ).toEqual({
      source: ["baton"],
      "detail-type": ["node.completed"],
      detail: { templateId: ["expense"], nodeId: ["lead"] },
    });
    expect(subscriptionPattern({ events: ["flow.ended"] })).toEqual({
      source: ["baton"],
      "detail-type": ["flow.ended"],
    });
  });
});
