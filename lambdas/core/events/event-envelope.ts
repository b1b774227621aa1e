import type { BusEvent } from "../records/bus-event.ts";

/** The `source` of every flow event Baton puts on a bus (EventBridge's `Source`). */
export const BATON_EVENT_SOURCE = "baton";

/**
 * A flow event as an EventBridge rule sees it and a target receives it: EventBridge's
 * envelope around the {@link BusEvent}, which is the `detail` (`detail-type` is its type).
 */
export interface EventEnvelope {
  version: "0";
  /**
   * EventBridge's: one per entry put, the same for each of its targets. The local bus's: one
   * per delivery (event and rule), derived from the change for an event with a `seq`
   * (`deliveryId`). Either way a retried delivery carries the same id.
   */
  id: string;
  "detail-type": BusEvent["type"];
  source: typeof BATON_EVENT_SOURCE;
  account: string;
  /** When the change happened, to the second (`2026-12-02T10:00:00Z`), as EventBridge keeps it. */
  time: string;
  region: string;
  resources: string[];
  detail: BusEvent;
}

/** Where an envelope says it was put: its id, and the account and region of the bus. */
export interface EnvelopeOrigin {
  id: string;
  account: string;
  region: string;
}

/**
 * Wraps a flow event in the envelope EventBridge delivers for the entry `EventBridgeBus`
 * puts (`Source` `baton`, `DetailType` the type, `Detail` the event as JSON, `Time` its
 * time): the detail is a JSON copy of the event, so fields left `undefined` are absent as
 * they are after EventBridge, and a target cannot change the publisher's object.
 *
 * @example
 * const envelope = eventEnvelope(event, { id: randomUUID(), account: "000000000000", region: "local" });
 * envelope["detail-type"]; // "flow.started"
 */
export function eventEnvelope(event: BusEvent, origin: EnvelopeOrigin): EventEnvelope {
  return {
    version: "0",
    id: origin.id,
    "detail-type": event.type,
    source: BATON_EVENT_SOURCE,
    account: origin.account,
    time: new Date(event.at).toISOString().replace(/\.\d{3}Z$/, "Z"),
    region: origin.region,
    resources: [],
    detail: JSON.parse(JSON.stringify(event)) as BusEvent,
  };
}
