import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from "@aws-sdk/client-eventbridge";
import type { EventBus } from "../../core/ports/event-bus.ts";
import type { BusEvent } from "../../core/records/bus-event.ts";

/** The most entries one PutEvents call takes. */
const MAX_ENTRIES = 10;
/** The most bytes one PutEvents call takes, counted as EventBridge counts entries. */
const MAX_REQUEST_BYTES = 256 * 1024;

/** How {@link EventBridgeBus} retries entries EventBridge refused. */
export interface EventBridgeBusOptions {
  /**
   * How many times a batch is sent before the bus gives up on the entries still refused.
   *
   * @default 5
   */
  attempts?: number;
  /**
   * The wait before the first resend (ms); each next wait doubles, with full jitter.
   *
   * @default 100
   */
  baseDelayMs?: number;
}

/** The size EventBridge charges an entry against a request's limit. */
function entrySize(entry: PutEventsRequestEntry): number {
  return (
    14 +
    Buffer.byteLength(entry.Source ?? "") +
    Buffer.byteLength(entry.DetailType ?? "") +
    Buffer.byteLength(entry.Detail ?? "") +
    (entry.Resources ?? []).reduce((sum, resource) => sum + Buffer.byteLength(resource), 0)
  );
}

/** Splits entries into requests of at most {@link MAX_ENTRIES} and {@link MAX_REQUEST_BYTES}. */
function batches(entries: readonly PutEventsRequestEntry[]): PutEventsRequestEntry[][] {
  const out: PutEventsRequestEntry[][] = [];
  let batch: PutEventsRequestEntry[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = entrySize(entry);
    if (batch.length === MAX_ENTRIES || (batch.length > 0 && bytes + size > MAX_REQUEST_BYTES)) {
      out.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(entry);
    bytes += size;
  }
  if (batch.length > 0) out.push(batch);
  return out;
}

/**
 * The flow bus on EventBridge: each event is one PutEvents entry on the injected bus with
 * `Source` `baton`, `DetailType` the event type, `Detail` the event as JSON and `Time` its
 * time, sent in batches of 10 (fewer when large). Entries refused in a partial failure (an
 * answer entry with an `ErrorCode` and no `EventId`) are sent again, without the accepted
 * ones, with exponential backoff — never dropped; after `attempts` sends `publish` throws
 * naming how many are still refused and why. An error of the whole call (after the SDK's own
 * retries) is thrown as it is.
 *
 * @example
 * const bus = new EventBridgeBus(eventBridgeClient(), "baton-dev");
 * await bus.publish([event]);
 */
export class EventBridgeBus implements EventBus {
  private readonly client: EventBridgeClient;
  private readonly busName: string;
  private readonly attempts: number;
  private readonly baseDelayMs: number;

  constructor(client: EventBridgeClient, busName: string, options: EventBridgeBusOptions = {}) {
    this.client = client;
    this.busName = busName;
    this.attempts = options.attempts ?? 5;
    this.baseDelayMs = options.baseDelayMs ?? 100;
  }

  async publish(events: readonly BusEvent[]): Promise<void> {
    const entries = events.map(
      (event): PutEventsRequestEntry => ({
        EventBusName: this.busName,
        Source: "baton",
        DetailType: event.type,
        Detail: JSON.stringify(event),
        Time: new Date(event.at),
      }),
    );
    for (const batch of batches(entries)) await this.put(batch);
  }

  /** Sends one batch until every entry is accepted, or throws after the last attempt. */
  private async put(batch: PutEventsRequestEntry[]): Promise<void> {
    let pending = batch;
    let reasons: string[] = [];
    for (let attempt = 1; attempt <= this.attempts; attempt += 1) {
      if (attempt > 1) await this.backOff(attempt);
      const { Entries = [] } = await this.client.send(new PutEventsCommand({ Entries: pending }));
      const refused = pending.flatMap((entry, index) => {
        const result = Entries[index];
        return result?.EventId ? [] : [{ entry, reason: result?.ErrorCode ?? "no EventId" }];
      });
      if (refused.length === 0) return;
      pending = refused.map(({ entry }) => entry);
      reasons = [...new Set(refused.map(({ reason }) => reason))];
    }
    throw new Error(
      `EventBridge refused ${pending.length} of ${batch.length} events after ${this.attempts} attempts (${reasons.join(", ")})`,
    );
  }

  private backOff(attempt: number): Promise<void> {
    const ceiling = this.baseDelayMs * 2 ** (attempt - 2);
    return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
  }
}
