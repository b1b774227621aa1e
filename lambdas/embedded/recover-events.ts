import type { EmbeddedBackend } from "./create-embedded-backend.ts";
import type { Outbox } from "./outbox.ts";
import { relayOutbox } from "./relay-outbox.ts";

/** What {@link recoverEvents} took up. */
export interface RecoveredEvents {
  /** Deliveries an earlier run left waiting, taken up by the bus. */
  deliveries: number;
  /**
   * History entries left in the outbox (their events never handed to the bus, or handed while
   * a first attempt was under way), published now.
   */
  relayed: number;
}

/**
 * What `baton dev` does for the flow events at start-up, before it takes up the executions:
 * the bus takes up the deliveries the last run left (`LocalEventBus.resume`), then the events
 * that run appended whose outbox rows are left (never handed to the bus, or handed while a
 * first attempt was under way) are published from the outbox (`relayOutbox`). In that order,
 * so that no delivery is started twice.
 *
 * @example
 * const { deliveries, relayed } = await recoverEvents(backend, sqliteOutbox(database));
 */
export async function recoverEvents(
  backend: EmbeddedBackend,
  outbox: Outbox,
): Promise<RecoveredEvents> {
  const deliveries = await backend.bus.resume();
  const relayed = await relayOutbox(backend, outbox);
  return { deliveries, relayed };
}
