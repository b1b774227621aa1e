import { describe, expect, it } from "vitest";
import { eventEnvelope } from "../../lambdas/core/events/event-envelope.ts";
import type { BusEvent } from "../../lambdas/core/records/bus-event.ts";

const EVENT: BusEvent = {
  type: "approval.requested",
  tenant: "default",
  templateId: "expense",
  templateVersion: 2,
  instanceId: "01J",
  nodeId: "lead",
  at: "2026-12-02T10:00:00.789Z",
  detail: { approvalId: "01J.lead.1", approvers: ["al"] },
};

describe("eventEnvelope", () => {
  it("is EventBridge's envelope of the entry EventBridgeBus puts", () => {
    expect(eventEnvelope(EVENT, { id: "e-1", account: "000000000000", region: "local" })).toEqual({
      version: "0",
      id: "e-1",
      "detail-type": "approval.requested",
      source: "baton",
      account: "000000000000",
      time: "2026-12-02T10:00:00Z",
      region: "local",
      resources: [],
      detail: EVENT,
    });
  });

  it("carries a JSON copy of the event: undefined fields are absent, the publisher's object untouched", () => {
    const event: BusEvent = { ...EVENT, nodeId: undefined, detail: { approvers: ["al"] } };
    const envelope = eventEnvelope(event, { id: "e-2", account: "1", region: "r" });
    expect(Object.hasOwn(envelope.detail, "nodeId")).toBe(false);
    (envelope.detail.detail.approvers as string[]).push("mallory");
    expect(event.detail.approvers).toEqual(["al"]);
  });
});
