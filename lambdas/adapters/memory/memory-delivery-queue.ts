import type { DeliveryQueue } from "../../embedded/delivery-queue.ts";
import type { PendingDelivery } from "../../embedded/pending-delivery.ts";

/**
 * The local bus's deliveries in memory: the default, for tests and tools that publish nothing
 * durable. Not durable (a closing bus dead-letters what waits here), and with no outbox to
 * take events off.
 *
 * @example
 * const bus = new LocalEventBus({ rules, deliveries: memoryDeliveryQueue() });
 */
export function memoryDeliveryQueue(): DeliveryQueue {
  const kept = new Map<string, PendingDelivery>();
  return {
    durable: false,
    accept: async (deliveries) => {
      const added = deliveries.filter((delivery) => !kept.has(delivery.id));
      for (const delivery of added) kept.set(delivery.id, structuredClone(delivery));
      return added;
    },
    put: async (delivery) => {
      kept.set(delivery.id, structuredClone(delivery));
    },
    remove: async (id) => {
      kept.delete(id);
    },
    list: async () => [...kept.values()].map((delivery) => structuredClone(delivery)),
  };
}
