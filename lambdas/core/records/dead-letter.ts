import type { EventEnvelope } from "../events/event-envelope.ts";

/**
 * An event a plugin never took: after every attempt of its delivery failed (or one was
 * refused for good), it is kept here until it is redriven. Holds the envelope as delivered
 * and why the last attempt failed, never a secret (a plugin's URL or key, an approval link).
 *
 * @example
 * const letter: DeadLetter = { id: "01J…", plugin: "ci", rule: "ci#0", envelope, attempts: 5,
 *   error: "the webhook answered 503", failedAt: "2026-12-02T10:00:05.000Z" };
 */
export interface DeadLetter {
  /** Unique; what `baton dlq redrive ID` names. */
  id: string;
  /** The plugin the event was for. */
  plugin: string;
  /** The rule that routed it: `<plugin>#<index of the subscription>`. */
  rule: string;
  envelope: EventEnvelope;
  /** How many deliveries were tried, redrives included. */
  attempts: number;
  /** Why the last attempt failed. */
  error: string;
  /** When the last attempt failed (ISO-8601). */
  failedAt: string;
}
