import type { BusEvent } from "../records/bus-event.ts";

/**
 * Publishes flow events: EventBridge on AWS (entries that fail are retried, never dropped),
 * the local bus at home. Resolves once every event is accepted; throws if some never are.
 *
 * @example
 * await bus.publish([event]);
 */
export interface EventBus {
  publish(events: readonly BusEvent[]): Promise<void>;
}
