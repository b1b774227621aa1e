import type { BusEvent } from "../records/bus-event.ts";
import { isRecord } from "../validation/template-view.ts";
import { BATON_EVENT_SOURCE, type EventEnvelope } from "./event-envelope.ts";
import { EventEnvelopeError } from "./event-envelope-error.ts";

/** A field of `record` that must be a non-empty string, or a refusal naming it. */
function text(record: Record<string, unknown>, path: string, key: string): string {
  const value = record[key];
  if (typeof value !== "string" || value === "") {
    throw new EventEnvelopeError(`${path}${key}`, "is not a non-empty string");
  }
  return value;
}

/** The flow event of an envelope's `detail`, its fields checked. */
function busEvent(value: unknown): BusEvent {
  if (!isRecord(value)) throw new EventEnvelopeError("detail", "is not an object");
  const path = "detail.";
  for (const key of ["type", "tenant", "templateId", "instanceId", "at"]) text(value, path, key);
  if (!Number.isInteger(value.templateVersion)) {
    throw new EventEnvelopeError("detail.templateVersion", "is not an integer");
  }
  if (value.nodeId !== undefined) text(value, path, "nodeId");
  if (value.seq !== undefined && !Number.isInteger(value.seq)) {
    throw new EventEnvelopeError("detail.seq", "is not an integer");
  }
  if (!isRecord(value.detail)) throw new EventEnvelopeError("detail.detail", "is not an object");
  return value as unknown as BusEvent;
}

/**
 * A value received as a flow event (what an EventBridge rule hands its Lambda target),
 * checked to be the envelope `eventEnvelope` describes: `source` `baton`, the envelope's
 * strings, and a `detail` that is a flow event whose `type` is the `detail-type`. Throws
 * {@link EventEnvelopeError} naming the first field at fault. The value is returned as it is
 * (fields beyond these are kept), not copied.
 *
 * @example
 * const envelope = readEventEnvelope(event); // the event a notifier's function was invoked with
 * envelope.detail.instanceId;
 */
export function readEventEnvelope(value: unknown): EventEnvelope {
  if (!isRecord(value)) throw new EventEnvelopeError("", "is not an object");
  if (value.source !== BATON_EVENT_SOURCE) {
    throw new EventEnvelopeError("source", `is not "${BATON_EVENT_SOURCE}"`);
  }
  for (const key of ["version", "id", "detail-type", "account", "time", "region"]) {
    text(value, "", key);
  }
  if (!Array.isArray(value.resources)) {
    throw new EventEnvelopeError("resources", "is not a list");
  }
  const event = busEvent(value.detail);
  if (event.type !== value["detail-type"]) {
    throw new EventEnvelopeError("detail.type", "is not the envelope's detail-type");
  }
  return value as unknown as EventEnvelope;
}
