import type { OutboxKey } from "./outbox-key.ts";
import type { PendingDelivery } from "./pending-delivery.ts";

/**
 * Where the local bus keeps its deliveries until each is taken or dead-lettered: a table of the
 * SQLite store under `baton dev` (durable, and the same transaction takes the events off the
 * outbox), memory in tests.
 *
 * @example
 * const kept = await queue.accept(deliveries, [{ tenant, instanceId, seq }]);
 * await queue.put({ ...kept[0], attempts: 1, error, dueAt });
 * await queue.remove(kept[0].id);
 */
export interface DeliveryQueue {
  /**
   * Whether the deliveries outlive the process. If they do, the bus leaves a delivery waiting
   * for a retry here when it closes (the next start takes it up); if not, it dead-letters it.
   */
  readonly durable: boolean;
  /**
   * Keeps the deliveries given (the bus gives those of the published events whose first
   * attempt failed) and, at once (one transaction), takes those events off the outbox. A
   * delivery whose id is kept already stays as it is. Returns the deliveries that were not
   * kept before.
   */
  accept(
    deliveries: readonly PendingDelivery[],
    published: readonly OutboxKey[],
  ): Promise<PendingDelivery[]>;
  /** Replaces a kept delivery (its retry state after a failed attempt). */
  put(delivery: PendingDelivery): Promise<void>;
  /** Forgets a delivery; an unknown id changes nothing. */
  remove(id: string): Promise<void>;
  /** Every delivery kept. */
  list(): Promise<PendingDelivery[]>;
}
