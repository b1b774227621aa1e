import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { eventEnvelope } from "../../lambdas/core/events/event-envelope.ts";
import { EventEnvelopeError } from "../../lambdas/core/events/event-envelope-error.ts";
import { readEventEnvelope } from "../../lambdas/core/events/read-event-envelope.ts";
import type { BusEvent, FlowEventType } from "../../lambdas/core/records/bus-event.ts";

const TYPES: FlowEventType[] = [
  "flow.started",
  "flow.ended",
  "node.activated",
  "node.completed",
  "node.skipped",
  "node.cancelled",
  "approval.requested",
  "approval.decided",
  "approval.reminded",
  "task.requested",
  "task.reminded",
];

const name = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,15}$/);

/** Flow events as the engine publishes them (optional node and seq, any JSON detail). */
const busEvent: fc.Arbitrary<BusEvent> = fc.record(
  {
    type: fc.constantFrom(...TYPES),
    tenant: name,
    templateId: name,
    templateVersion: fc.integer({ min: 1, max: 999 }),
    instanceId: name,
    nodeId: name,
    seq: fc.nat(),
    at: fc
      .date({ min: new Date("2000-01-01"), max: new Date("2099-12-31"), noInvalidDate: true })
      .map((at) => at.toISOString()),
    detail: fc.dictionary(name, fc.jsonValue()),
  },
  {
    requiredKeys: ["type", "tenant", "templateId", "templateVersion", "instanceId", "at", "detail"],
  },
);

/** An envelope as EventBridge delivers a flow event (eventEnvelope makes the same shape). */
const envelope = fc
  .tuple(busEvent, fc.uuid(), fc.stringMatching(/^\d{12}$/))
  .map(([event, id, account]) => eventEnvelope(event, { id, account, region: "eu-west-1" }));

/** Stands for a field left out. */
const ABSENT = Symbol("absent");

/** The fields a reader requires, each with a value it refuses there (or the field left out). */
const BROKEN: readonly (readonly [string, unknown])[] = [
  ["source", "aws.states"],
  ["version", ABSENT],
  ["id", ""],
  ["detail-type", 7],
  ["account", ABSENT],
  ["time", null],
  ["region", ABSENT],
  ["resources", "none"],
  ["detail", []],
  ["detail.type", ABSENT],
  ["detail.tenant", 1],
  ["detail.templateId", ABSENT],
  ["detail.instanceId", ""],
  ["detail.at", ABSENT],
  ["detail.templateVersion", "1"],
  ["detail.nodeId", 3],
  ["detail.seq", 1.5],
  ["detail.detail", "x"],
];

/** A JSON copy of `envelope` with the field at `path` (dotted) set to `value`, or left out. */
function broken(envelope: unknown, path: string, value: unknown): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(envelope)) as Record<string, unknown>;
  const keys = path.split(".");
  const last = keys.pop() ?? "";
  const parent = keys.reduce((record, key) => record[key] as Record<string, unknown>, copy);
  if (value === ABSENT) delete parent[last];
  else parent[last] = value;
  return copy;
}

describe("readEventEnvelope", () => {
  it("accepts every envelope of a flow event as EventBridge delivers it, unchanged", () => {
    fc.assert(
      fc.property(envelope, (delivered) => {
        const received = JSON.parse(JSON.stringify(delivered)) as unknown;
        expect(readEventEnvelope(received)).toEqual(delivered);
      }),
    );
  });

  it("refuses an envelope with any one required field missing or of the wrong type, naming that field", () => {
    fc.assert(
      fc.property(envelope, fc.constantFrom(...BROKEN), (delivered, [field, value]) => {
        const read = () => readEventEnvelope(broken(delivered, field, value));
        expect(read).toThrow(EventEnvelopeError);
        expect(read).toThrow(`not a Baton flow event: ${field} `);
      }),
    );
  });

  it("refuses a detail-type that is not its event's type, and what is not an object at all", () => {
    const delivered = eventEnvelope(
      {
        type: "approval.requested",
        tenant: "default",
        templateId: "expense",
        templateVersion: 1,
        instanceId: "01J",
        at: "2026-12-02T10:00:00.000Z",
        detail: {},
      },
      { id: "e-1", account: "123456789012", region: "eu-west-1" },
    );
    expect(() => readEventEnvelope({ ...delivered, "detail-type": "flow.ended" })).toThrow(
      "not a Baton flow event: detail.type is not the envelope's detail-type",
    );
    for (const value of [null, "event", 3, []]) {
      expect(() => readEventEnvelope(value)).toThrow(
        "not a Baton flow event: the event is not an object",
      );
    }
  });
});
