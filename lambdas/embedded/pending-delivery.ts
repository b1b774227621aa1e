import type { EventEnvelope } from "../core/events/event-envelope.ts";

/**
 * One delivery of the local bus: an event matched by one rule, kept until its plugin took it
 * or it became a dead letter, with its retry state, so that a restart goes on where the last
 * run stopped.
 *
 * @example
 * const delivery: PendingDelivery = { id: envelope.id, rule: "ci#0", plugin: "ci", envelope,
 *   attempts: 1, error: "the webhook of plugin \"ci\" answered 503", dueAt: "2026-12-02T10:00:01.000Z" };
 */
export interface PendingDelivery {
  /** The envelope's id: stable for an event with a `seq` (`deliveryId`), so unique per change and rule. */
  id: string;
  /** The rule that matched: `<plugin>#<index of the subscription>`. */
  rule: string;
  plugin: string;
  envelope: EventEnvelope;
  /** How many attempts were made so far. */
  attempts: number;
  /** When the next attempt is due (ISO-8601). */
  dueAt: string;
  /** Why the last attempt failed; absent before the first. */
  error?: string;
}
