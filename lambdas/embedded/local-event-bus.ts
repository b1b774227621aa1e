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
import { FirstAttempts } from "./first-attempts.ts";
import type { OutboxKey } from "./outbox-key.ts";
import { patternDetailTypes } from "./pattern-detail-types.ts";
import type { PendingDelivery } from "./pending-delivery.ts";
import { RecentEvents } from "./recent-events.ts";

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
 * rule; each match is a delivery, whose first attempt starts at once. One its target took then
 * is never written anywhere; one that failed is kept in the `deliveries` queue with its retry
 * state — with a durable queue, in the same transaction that takes the event off the outbox,
 * once every delivery of the publish made its first attempt ({@link FirstAttempts}) — and
 * forgotten once its target took it or it became a dead letter. Deliveries run in the
 * background, so neither a slow nor a failing plugin holds up the publisher or the other
 * plugins. A failed attempt is retried with exponential backoff and jitter; after the last
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
  readonly deadLetters: DeadLetterStore;
  private readonly deliveries: DeliveryQueue;
  private readonly rules: (EventRule & {
    matches: (envelope: EventEnvelope) => boolean;
    /** The only event types the rule can match; `undefined` for any. */
    types: ReadonlySet<string> | undefined;
  })[];
  private readonly subscribers: ((event: BusEvent) => void | Promise<void>)[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  /** Each delivery under way, by id: resolved once it is kept or taken. */
  private readonly running = new Map<string, Promise<void>>();
  private readonly closing = new AbortController();
  private readonly remembered: RecentEvents;
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
      types: patternDetailTypes(rule.pattern),
    }));
    this.deadLetters = options.deadLetters ?? memoryDeadLetterStore();
    this.deliveries = options.deliveries ?? memoryDeliveryQueue();
    this.remembered = new RecentEvents(options.keep ?? 10_000);
    this.attempts = Math.max(1, options.retry?.attempts ?? 5);
    this.baseDelayMs = options.retry?.baseDelayMs ?? 1000;
    this.maxDelayMs = options.retry?.maxDelayMs ?? 30_000;
    this.now = options.now ?? (() => new Date());
    this.wait = options.wait ?? defaultWait;
    this.report = options.report ?? ((line) => process.stderr.write(`${line}\n`));
    this.origin = options.origin ?? { account: "000000000000", region: "local" };
  }

  /** The last `keep` events published, oldest first (a new list each time). */
  get recent(): BusEvent[] {
    return this.remembered.list();
  }

  /** Adds an in-process subscriber: every event, in order, awaited by `publish`. */
  subscribe(subscriber: (event: BusEvent) => void | Promise<void>): void {
    this.subscribers.push(subscriber);
  }

  /**
   * Gives each event to the subscribers, then starts each delivery's first attempt; once every
   * one was made, those that failed are kept and the events taken off the outbox (one
   * `accept`, in the background: see {@link FirstAttempts}). A delivery of the same event begun
   * before and not done yet is not started twice. Once the bus is closing, the deliveries are
   * kept untried instead.
   */
  async publish(events: readonly BusEvent[]): Promise<void> {
    const deliveries = new Map<string, PendingDelivery>();
    const published: OutboxKey[] = [];
    let dueAt: string | undefined;
    for (const event of events) {
      this.remembered.add(event);
      for (const subscriber of this.subscribers) await subscriber(event);
      let envelope: EventEnvelope | undefined;
      for (const rule of this.rules) {
        if (rule.types && !rule.types.has(event.type)) continue;
        envelope ??= eventEnvelope(event, { id: "", ...this.origin });
        if (!rule.matches(envelope)) continue;
        dueAt ??= this.now().toISOString();
        const id = deliveryId(event, rule.name);
        const { name, plugin } = rule;
        deliveries.set(id, {
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
    if (this.closing.signal.aborted) {
      for (const delivery of await this.deliveries.accept([...deliveries.values()], published)) {
        this.start(delivery, 0);
      }
      return;
    }
    const fresh: PendingDelivery[] = [];
    const earlier: Promise<void>[] = [];
    for (const delivery of deliveries.values()) {
      const running = this.running.get(delivery.id);
      if (running) earlier.push(running);
      else fresh.push(delivery);
    }
    if (fresh.length === 0 && published.length === 0) return;
    const first = new FirstAttempts({
      queue: this.deliveries,
      published,
      count: fresh.length,
      earlier,
      report: this.report,
    });
    this.track(first.settled);
    for (const delivery of fresh) this.start(delivery, 0, first);
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

  /**
   * Runs a delivery in the background, unless it runs already; `first` for one not kept yet,
   * making its first attempt.
   */
  private start(delivery: PendingDelivery, delay: number, first?: FirstAttempts): void {
    if (this.running.has(delivery.id)) return;
    this.running.set(delivery.id, first?.settled ?? Promise.resolve());
    this.track(
      this.deliver(delivery, delay, first)
        .catch((failure: unknown) => this.report(`a delivery broke off: ${reasonOf(failure)}`))
        .finally(() => this.running.delete(delivery.id)),
    );
  }

  /** Counts `work` in flight until it settles (`settled` waits for it). */
  private track(work: Promise<void>): void {
    const tracked: Promise<void> = work.finally(() => this.inFlight.delete(tracked));
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
   * One making its first attempt (`first`) is in no queue yet: taken, it is never written;
   * failed, `first` keeps it before it goes on (and if the queue had it already, another run
   * has it: this one stops). One that broke off before telling `first` is kept untried.
   */
  private async deliver(
    pending: PendingDelivery,
    delay: number,
    first: FirstAttempts | undefined,
  ): Promise<void> {
    let unkept = first;
    /** Keeps the delivery unless a queue has it; resolves with whether this run goes on with it. */
    const keep = async (delivery: PendingDelivery): Promise<boolean> => {
      const keeping = unkept;
      unkept = undefined;
      return keeping ? keeping.keep(delivery) : true;
    };
    /** Forgets the delivery once its target took it. */
    const taken = async (): Promise<void> => {
      const keeping = unkept;
      unkept = undefined;
      if (keeping) keeping.taken();
      else await this.deliveries.remove(pending.id);
    };
    try {
      const rule = this.rules.find((candidate) => candidate.name === pending.rule);
      if (!rule) {
        const error = `plugin "${pending.plugin}" has no subscription ${pending.rule} any more`;
        if (await keep(pending)) await this.deadLetter({ ...pending, error });
        return;
      }
      let delivery = pending;
      for (let wait = delay; ; ) {
        if (wait > 0 && !this.closing.signal.aborted) await this.wait(wait, this.closing.signal);
        if (this.closing.signal.aborted) {
          if (!(await keep(delivery)) || this.deliveries.durable) return;
          const error =
            delivery.error === undefined
              ? "the engine was stopping"
              : `${delivery.error} (not retried: the engine stopped)`;
          await this.deadLetter({ ...delivery, error });
          return;
        }
        const failed = await this.attempt(rule, delivery.envelope);
        if (!failed) {
          await taken();
          return;
        }
        const attempts = delivery.attempts + 1;
        const last = failed.refused || attempts >= this.attempts;
        wait = last ? 0 : this.delayBefore(attempts + 1);
        const dueAt = new Date(this.now().getTime() + wait).toISOString();
        const queued = unkept === undefined;
        delivery = { ...delivery, attempts, error: failed.error, dueAt };
        if (!(await keep(delivery))) return;
        if (last) {
          await this.deadLetter({ ...delivery, error: failed.error });
          return;
        }
        if (queued) await this.deliveries.put(delivery);
      }
    } finally {
      if (unkept) await unkept.keep(pending);
    }
  }

  /**
   * One attempt: the target gets a copy of the envelope (so it can change neither what is kept
   * nor what the other targets get). Resolves with nothing once the target took it, or with why
   * it failed and whether for good (a `DeliveryRefusedError`).
   */
  private async attempt(
    rule: EventRule,
    envelope: EventEnvelope,
  ): Promise<{ error: string; refused: boolean } | undefined> {
    try {
      await rule.target(JSON.parse(JSON.stringify(envelope)) as EventEnvelope);
      return undefined;
    } catch (failure) {
      return { error: reasonOf(failure), refused: failure instanceof DeliveryRefusedError };
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
