import type { DeliveryQueue } from "./delivery-queue.ts";
import type { OutboxKey } from "./outbox-key.ts";
import type { PendingDelivery } from "./pending-delivery.ts";

/**
 * The deliveries of one publish of the local bus while their first attempt runs. Each tells
 * how it went: its target took it ({@link FirstAttempts.taken}), or it failed and is to be kept
 * for a retry or a dead letter ({@link FirstAttempts.keep}). Once all of them have, and the
 * runs of the same deliveries begun by earlier publishes (`earlier`) are kept or taken, the
 * failed ones are kept and the published events taken off the outbox in one
 * {@link DeliveryQueue.accept}. So a delivery taken at its first attempt is never written to
 * the queue, and every delivery an event owes is taken or kept before its outbox row goes: a
 * crash before the accept leaves the row, and the next start relays the event (delivery is at
 * least once; docs/plugins.md, "Delivery guarantees").
 *
 * A failing accept is reported; the events stay in the outbox (the next start relays them) and
 * the failed deliveries go on being retried by this process.
 *
 * @example
 * const first = new FirstAttempts({ queue, published, count: 2, earlier: [], report });
 * first.taken(); // one delivery's target took it
 * if (await first.keep({ ...delivery, attempts: 1, error, dueAt })) retry(delivery);
 * await first.settled; // the failed one is kept, the event is off the outbox
 */
export class FirstAttempts {
  /** Resolves once the failed deliveries are kept and the events are off the outbox (or the accept failed). */
  readonly settled: Promise<void>;
  private readonly queue: DeliveryQueue;
  private readonly published: readonly OutboxKey[];
  private readonly earlier: readonly Promise<void>[];
  private readonly report: (line: string) => void;
  private readonly failed: PendingDelivery[] = [];
  private readonly accepted = Promise.withResolvers<(id: string) => boolean>();
  private remaining: number;

  constructor(options: {
    /** Where failed deliveries are kept and the events taken off the outbox. */
    queue: DeliveryQueue;
    /** The outbox rows of the events published. */
    published: readonly OutboxKey[];
    /** How many deliveries make their first attempt. */
    count: number;
    /** When the runs of the same deliveries begun before are kept or taken. */
    earlier: readonly Promise<void>[];
    /** Where a failed accept is reported. */
    report: (line: string) => void;
  }) {
    this.queue = options.queue;
    this.published = options.published;
    this.earlier = options.earlier;
    this.report = options.report;
    this.remaining = options.count;
    this.settled = this.accepted.promise.then(() => undefined);
    if (this.remaining === 0) void this.accept();
  }

  /** One delivery's target took it at its first attempt. */
  taken(): void {
    this.told();
  }

  /**
   * One delivery is to be kept as it is now (its retry state after the failed first attempt).
   * Resolves once the accept is done: whether the delivery is this run's to go on with — false
   * when the queue kept it already (another run has it).
   */
  async keep(delivery: PendingDelivery): Promise<boolean> {
    this.failed.push(delivery);
    this.told();
    const isNew = await this.accepted.promise;
    return isNew(delivery.id);
  }

  private told(): void {
    this.remaining -= 1;
    if (this.remaining === 0) void this.accept();
  }

  private async accept(): Promise<void> {
    await Promise.all(this.earlier);
    try {
      const added = new Set(
        (await this.queue.accept(this.failed, this.published)).map((delivery) => delivery.id),
      );
      this.accepted.resolve((id) => added.has(id));
    } catch (failure) {
      this.report(
        `keeping ${this.failed.length} failed deliveries and taking ${this.published.length} events off the outbox failed (${failure instanceof Error ? failure.message : String(failure)}); the events stay in the outbox for the next start`,
      );
      this.accepted.resolve(() => true);
    }
  }
}
