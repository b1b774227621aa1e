import {
  EventBridgeClient,
  type PutEventsRequest,
  type PutEventsRequestEntry,
} from "@aws-sdk/client-eventbridge";
import { describe, expect, it } from "vitest";
import { EventBridgeBus } from "../../lambdas/adapters/aws/eventbridge-bus.ts";
import type { BusEvent } from "../../lambdas/core/records/bus-event.ts";
import { answerAwsRequests } from "../support/answer-aws-requests.ts";

// Partial PutEvents failures (FailedEntryCount > 0) are injected through the client's
// middleware stack: no emulator on this machine refuses entries on demand.
const event = (index: number): BusEvent => ({
  type: "node.activated",
  tenant: "default",
  templateId: "expense",
  templateVersion: 1,
  instanceId: `i-${index}`,
  nodeId: "lead",
  at: "2026-12-02T10:00:00.000Z",
  detail: {},
});

/** A bus whose PutEvents refuses the entries `refuse` picks, attempt by attempt. */
function bus(refuse: (attempt: number, entry: PutEventsRequestEntry) => boolean, attempts = 5) {
  const client = new EventBridgeClient({ region: "us-east-1" });
  let attempt = 0;
  const sent = answerAwsRequests(client, (_command, input) => {
    attempt += 1;
    const Entries = ((input as PutEventsRequest).Entries ?? []).map((entry, index) =>
      refuse(attempt, entry)
        ? { ErrorCode: "InternalFailure", ErrorMessage: "try again" }
        : { EventId: `e-${attempt}-${index}` },
    );
    return { FailedEntryCount: Entries.filter((e) => "ErrorCode" in e).length, Entries };
  });
  return {
    flowBus: new EventBridgeBus(client, "baton-dev", { attempts, baseDelayMs: 1 }),
    batches: () => sent.map(({ input }) => (input as PutEventsRequest).Entries ?? []),
  };
}

const instanceOf = (entry: PutEventsRequestEntry) =>
  (JSON.parse(entry.Detail ?? "{}") as BusEvent).instanceId;

describe("EventBridgeBus", () => {
  it("sends entries refused in a partial failure again until they are accepted", async () => {
    const refused = new Set(["i-3", "i-7"]);
    const { flowBus, batches } = bus(
      (attempt, entry) => attempt < 3 && refused.has(instanceOf(entry)),
    );

    await flowBus.publish(Array.from({ length: 12 }, (_, index) => event(index)));

    expect(batches().map((entries) => entries.map(instanceOf))).toEqual([
      ["i-0", "i-1", "i-2", "i-3", "i-4", "i-5", "i-6", "i-7", "i-8", "i-9"],
      ["i-3", "i-7"],
      ["i-3", "i-7"],
      ["i-10", "i-11"],
    ]);
    expect(batches()[0]?.[0]).toMatchObject({
      EventBusName: "baton-dev",
      Source: "baton",
      DetailType: "node.activated",
      Detail: JSON.stringify(event(0)),
    });
  });

  it("throws after its attempts, naming how many events are still refused", async () => {
    const { flowBus, batches } = bus((_, entry) => instanceOf(entry) !== "i-0", 3);

    await expect(flowBus.publish([event(0), event(1), event(2)])).rejects.toThrow(
      "EventBridge refused 2 of 3 events after 3 attempts (InternalFailure)",
    );
    expect(batches()).toHaveLength(3);
  });

  it("splits a batch that would pass 256 KiB", async () => {
    const { flowBus, batches } = bus(() => false);
    const large = (index: number) => ({ ...event(index), detail: { blob: "x".repeat(100_000) } });

    await flowBus.publish([large(0), large(1), large(2)]);

    expect(batches().map((entries) => entries.length)).toEqual([2, 1]);
  });
});
