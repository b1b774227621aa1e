import { setTimeout as sleep } from "node:timers/promises";
import { memoryDeadLetterStore } from "../adapters/memory/memory-dead-letter-store.ts";
import { memoryDeliveryQueue } from "../adapters/memory/memory-delivery-queue.ts";
import { randomIds } from "../adapters/random-ids.ts";
import { type EventEnvelope, eventEnvelope } from "../core/events/event-envelope.ts";
import { compilePattern, type EventPattern } from "../core/events/event-pattern.ts";
import type { DeadLetterStore } from "../core/ports/dead-letter-store.ts";
import type { EventBus } from "../core/ports/event-bus.ts";
import type { BusEvent } from "../core/records/bus-event.ts";
import type { DeadLetter } from "../core/records/dead-letter.ts";
import { allDeadLetters } from "./all-dead-letters.ts";
import { deliveryId } from "./delivery-id.ts";
import type { DeliveryQueue } from "./delivery-queue.ts";
import { DeliveryRefusedError } from "./event-plugins/delivery-refused-error.ts";
import type { PluginTarget } from "./event-plugins/plugin-target.ts";
import type { OutboxKey } from "./outbox-key.ts";
import type { PendingDelivery } from "./pending-delivery.ts";

/**
 * One routing rule: events whose envelope matches `pattern` go to `target`, the plugin's.
 * One per plugin subscription, as on EventBridge.
 */
export interface EventRule {
  /** `<plugin>#<index of the subscription>`. */
  name: string;
  plugin: string;
  pattern: EventPattern;
  target: PluginTarget;
}

/** How a failed delivery is tried again: exponential backoff with jitter, like EventBridge. */
export interface RetryPolicy {
  /**
   * How many times an event is delivered to a target before it becomes a dead letter.
   *
   * @default 5
   */
  attempts?: number;
  /**
   * The wait before the first retry (ms); each next one doubles, up to `maxDelayMs`. The wait
   * is drawn between half of that and all of it.
   *
   * @default 1000
   */
  baseDelayMs?: number;
  /** @default 30000 */
  maxDelayMs?: number;
}

/** How the local bus is put together. */
export interface LocalEventBusOptions {
  /** @default [] (events are kept in `recent` and given to subscribers only) */
  rules?: readonly EventRule[];
  /** Where undelivered events go. @default memoryDeadLetterStore() */
  deadLetters?: DeadLetterStore;
  /**
   * Where each delivery is kept, with its retry state, until it is taken or dead-lettered; a
   * durable queue also takes published events off the outbox (`sqliteDeliveryQueue`).
   *
   * @default memoryDeliveryQueue()
   */
  deliveries?: DeliveryQueue;
  /** @default { attempts: 5, baseDelayMs: 1000, maxDelayMs: 30000 } */
  retry?: RetryPolicy;
  /** How many recent events to keep. @default 10000 */
  keep?: number;
  /** @default () => new Date() */
  now?: () => Date;
  /**
   * Waits between attempts; resolves early when `signal` aborts (the bus closing).
   *
   * @default a timer
   */
  wait?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Where a dead-lettered delivery is reported. @default the engine's stderr */
  report?: (line: string) => void;
  /** Account and region the envelopes name. @default { account: "000000000000", region: "local" } */
  origin?: { account: string; region: string };
}

/** What a redrive did with each letter asked for. */
export interface RedriveReport {
  /** Ids delivered and removed. */
  delivered: string[];
  /** Letters whose delivery failed again (they stay, with one more attempt counted). */
  failed: { id: string; plugin: string; error: string }[];
  /** Ids no letter has. */
  missing: string[];
}

const defaultWait = (ms: number, signal: AbortSignal) =>
  sleep(ms, undefined, { signal }).catch(() => undefined);

/** Why an attempt failed, as a dead letter keeps it. */
const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The embedded flow bus. Each published event is kept in `recent`, given to the in-process
 * subscribers (metrics, logs), wrapped in EventBridge's envelope and matched against every
 * rule; each match is a delivery, kept in the `deliveries` queue — with a durable queue, in the
 * same transaction that takes the event off the outbox — before it is tried, and forgotten once
 * its target took it or it became a dead letter. Deliveries run in the background, so neither a
 * slow nor a failing plugin holds up the publisher or the other plugins. A failed attempt is
 * retried with exponential backoff and jitter, its retry state kept in the queue; after the last
 * (or a `DeliveryRefusedError`) the event becomes a dead letter, listed and redriven with
 * `baton dlq`. Delivery is at least once, in no guaranteed order, like EventBridge's; the
 * envelope's id is the delivery's (`deliveryId`), the same on every attempt.
 *
 * @example
 * const bus = new LocalEventBus({ rules: pluginRules(plugins, context), deadLetters, deliveries });
 * await bus.resume(); // the deliveries an earlier run left
 * await bus.publish([event]);
 * await bus.settled(); // every delivery done or dead-lettered
 */
export class LocalEventBus implements EventBus {
  readonly recent: BusEvent[] = [];
  readonly deadLetters: DeadLetterStore;
  private readonly deliveries: DeliveryQueue;
  private readonly rules: (EventRule & { matches: (envelope: EventEnvelope) => boolean })[];
  private readonly subscribers: ((event: BusEvent) => void | Promise<void>)[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly running = new Set<string>();
  private readonly closing = new AbortController();
  private readonly keep: number;
  private readonly attempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly now: () => Date;
  private readonly wait: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly report: (line: string) => void;
  private readonly origin: { account: string; region: string };
  private readonly letterId = randomIds().instanceId;

  /** @throws {EventPatternError} for a rule whose pattern is not supported */
  constructor(options: LocalEventBusOptions = {}) {
    this.rules = (options.rules ?? []).map((rule) => ({
      ...rule,
      matches: compilePattern(rule.pattern),
    }));
    this.deadLetters = options.deadLetters ?? memoryDeadLetterStore();
    this.deliveries = options.deliveries ?? memoryDeliveryQueue();
    this.keep = options.keep ?? 10_000;
    this.attempts = Math.max(1, options.retry?.attempts ?? 5);
    this.baseDelayMs = options.retry?.baseDelayMs ?? 1000;
    this.maxDelayMs = options.retry?.maxDelayMs ?? 30_000;
    this.now = options.now ?? (() => new Date());
    this.wait = options.wait ?? defaultWait;
    this.report = options.report ?? ((line) => process.stderr.write(`${line}\n`));
    this.origin = options.origin ?? { account: "000000000000", region: "local" };
  }

  /** Adds an in-process subscriber: every event, in order, awaited by `publish`. */
  subscribe(subscriber: (event: BusEvent) => void | Promise<void>): void {
    this.subscribers.push(subscriber);
  }

  /**
   * Gives each event to the subscribers, then keeps the deliveries of all of them and takes
   * them off the outbox (one `accept`), then starts the deliveries not kept before.
   */
  async publish(events: readonly BusEvent[]): Promise<void> {
    const deliveries: PendingDelivery[] = [];
    const published: OutboxKey[] = [];
    const dueAt = this.now().toISOString();
    for (const event of events) {
      this.recent.push(event);
      if (this.recent.length > this.keep) this.recent.shift();
      for (const subscriber of this.subscribers) await subscriber(event);
      const envelope = eventEnvelope(event, { id: "", ...this.origin });
      for (const rule of this.rules) {
        if (!rule.matches(envelope)) continue;
        const id = deliveryId(event, rule.name);
        const { name, plugin } = rule;
        deliveries.push({
          id,
          rule: name,
          plugin,
          envelope: { ...envelope, id },
          attempts: 0,
          dueAt,
        });
      }
      if (event.seq !== undefined) {
        published.push({ tenant: event.tenant, instanceId: event.instanceId, seq: event.seq });
      }
    }
    for (const delivery of await this.deliveries.accept(deliveries, published)) {
      this.start(delivery, 0);
    }
  }

  /**
   * Takes up the deliveries an earlier run kept in a durable queue: each is attempted when its
   * retry is due (at once if that time has passed), its attempts counted on. Call it once,
   * before anything is published; resolves with how many it took up.
   *
   * @example
   * const pending = await bus.resume();
   */
  async resume(): Promise<number> {
    const kept = await this.deliveries.list();
    const now = this.now().getTime();
    for (const delivery of kept)
      this.start(delivery, Math.max(0, Date.parse(delivery.dueAt) - now));
    return kept.length;
  }

  /** Resolves once no delivery is under way: each was taken or dead-lettered. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /**
   * Stops retrying. With a durable queue, deliveries waiting for their next attempt stay in it
   * for the next start, and events published from now on are kept there untried; otherwise
   * they become dead letters now (so none is lost when the engine stops), and so do events
   * published from now on. Resolves once attempts under way have ended.
   */
  async close(): Promise<void> {
    this.closing.abort();
    await this.settled();
  }

  /**
   * Delivers dead letters again, once each, to their plugin's target as the rules stand now:
   * a letter delivered is removed; one that fails again stays with its attempts counted and
   * its error updated; one whose plugin has no rule any more stays, failed. `"all"` takes
   * every letter stored when the redrive starts.
   *
   * @example
   * const { delivered, failed } = await bus.redrive("all");
   */
  async redrive(ids: readonly string[] | "all"): Promise<RedriveReport> {
    const report: RedriveReport = { delivered: [], failed: [], missing: [] };
    const letters: DeadLetter[] = [];
    if (ids === "all") {
      letters.push(...(await allDeadLetters(this.deadLetters)));
    } else {
      for (const id of ids) {
        const letter = await this.deadLetters.get(id);
        if (letter) letters.push(letter);
        else report.missing.push(id);
      }
    }
    for (const letter of letters) {
      const rule = this.rules.find((candidate) => candidate.plugin === letter.plugin);
      const error = rule
        ? await Promise.resolve(letter.envelope)
            .then((envelope) => rule.target(envelope))
            .then(
              () => undefined,
              (failure: unknown) => reasonOf(failure),
            )
        : `plugin "${letter.plugin}" has no subscription any more`;
      if (error === undefined) {
        await this.deadLetters.remove(letter.id);
        report.delivered.push(letter.id);
        continue;
      }
      const attempts = letter.attempts + (rule ? 1 : 0);
      await this.deadLetters.put({
        ...letter,
        attempts,
        error,
        failedAt: this.now().toISOString(),
      });
      report.failed.push({ id: letter.id, plugin: letter.plugin, error });
    }
    return report;
  }

  /** Runs a delivery in the background, unless it runs already. */
  private start(delivery: PendingDelivery, delay: number): void {
    if (this.running.has(delivery.id)) return;
    this.running.add(delivery.id);
    const tracked: Promise<void> = this.deliver(delivery, delay)
      .catch((failure: unknown) => this.report(`a delivery broke off: ${reasonOf(failure)}`))
      .finally(() => {
        this.running.delete(delivery.id);
        this.inFlight.delete(tracked);
      });
    this.inFlight.add(tracked);
  }

  /** The wait before attempt `attempt` (2, 3, …): exponential, capped, with jitter. */
  private delayBefore(attempt: number): number {
    const ceiling = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 2));
    return ceiling / 2 + (Math.random() * ceiling) / 2;
  }

  /**
   * Tries a delivery after `delay` ms, and again after each failure with backoff, keeping its
   * retry state in the queue; forgets it once taken, dead-letters it after the last attempt.
   */
  private async deliver(pending: PendingDelivery, delay: number): Promise<void> {
    const rule = this.rules.find((candidate) => candidate.name === pending.rule);
    if (!rule) {
      const error = `plugin "${pending.plugin}" has no subscription ${pending.rule} any more`;
      await this.deadLetter({ ...pending, error });
      return;
    }
    let delivery = pending;
    for (let wait = delay; ; ) {
      if (wait > 0 && !this.closing.signal.aborted) await this.wait(wait, this.closing.signal);
      if (this.closing.signal.aborted) {
        if (this.deliveries.durable) return;
        const error =
          delivery.error === undefined
            ? "the engine was stopping"
            : `${delivery.error} (not retried: the engine stopped)`;
        await this.deadLetter({ ...delivery, error });
        return;
      }
      const attempts = delivery.attempts + 1;
      try {
        await rule.target(structuredClone(delivery.envelope));
        await this.deliveries.remove(delivery.id);
        return;
      } catch (failure) {
        const error = reasonOf(failure);
        if (failure instanceof DeliveryRefusedError || attempts >= this.attempts) {
          await this.deadLetter({ ...delivery, attempts, error });
          return;
        }
        wait = this.delayBefore(attempts + 1);
        const dueAt = new Date(this.now().getTime() + wait).toISOString();
        delivery = { ...delivery, attempts, error, dueAt };
        await this.deliveries.put(delivery);
      }
    }
  }

  /**
   * Keeps a delivery as a dead letter and forgets it; one the dead-letter store refused stays in
   * the queue (a durable one tries it again at the next start).
   */
  private async deadLetter(delivery: PendingDelivery & { error: string }): Promise<void> {
    const { envelope, attempts, error } = delivery;
    const letter: DeadLetter = {
      id: this.letterId(),
      plugin: delivery.plugin,
      rule: delivery.rule,
      envelope,
      attempts,
      error,
      failedAt: this.now().toISOString(),
    };
    const what = `plugin "${delivery.plugin}": ${envelope["detail-type"]} of instance ${envelope.detail.instanceId} not delivered after ${attempts} attempts (${error})`;
    try {
      await this.deadLetters.put(letter);
    } catch (failure) {
      this.report(`${what}, and not kept as a dead letter: ${reasonOf(failure)}`);
      return;
    }
    await this.deliveries.remove(delivery.id);
    this.report(`${what}; kept as dead letter ${letter.id} (baton dlq list)`);
  }
}
