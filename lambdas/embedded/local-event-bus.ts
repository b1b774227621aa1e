import type { EventBus } from "../core/ports/event-bus.ts";
import type { BusEvent } from "../core/records/bus-event.ts";

/**
 * The embedded flow bus: delivers every published event to each subscriber in order, and
 * keeps the last events for reads and tests. Routing rules, retries and the dead-letter store
 * come with the plugins.
 *
 * @example
 * bus.subscribe((event) => console.log(event.type));
 */
export class LocalEventBus implements EventBus {
  private readonly subscribers: ((event: BusEvent) => void | Promise<void>)[] = [];
  readonly recent: BusEvent[] = [];
  private readonly keep: number;

  /** @param keep - how many recent events to keep. @default 10000 */
  constructor(keep = 10_000) {
    this.keep = keep;
  }

  subscribe(subscriber: (event: BusEvent) => void | Promise<void>): void {
    this.subscribers.push(subscriber);
  }

  async publish(events: readonly BusEvent[]): Promise<void> {
    for (const event of events) {
      this.recent.push(event);
      if (this.recent.length > this.keep) this.recent.shift();
      for (const subscriber of this.subscribers) await subscriber(event);
    }
  }
}
