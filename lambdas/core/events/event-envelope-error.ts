/**
 * A value handed to a plugin as a flow event that is not one: not EventBridge's envelope of a
 * Baton event, or one whose field has the wrong type. Names the field, never its value (an
 * event is not supposed to hold a secret, but a malformed one might).
 *
 * @example
 * throw new EventEnvelopeError("detail.instanceId", "is not a non-empty string");
 */
export class EventEnvelopeError extends Error {
  override readonly name = "Baton.EventEnvelopeRefused";
  /** The dotted path of the field at fault, e.g. `detail.instanceId`; empty for the whole value. */
  readonly field: string;

  constructor(field: string, reason: string) {
    super(`not a Baton flow event: ${field || "the event"} ${reason}`);
    this.field = field;
  }
}
