import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { memoryDeadLetterStore } from "../adapters/memory/memory-dead-letter-store.ts";
import { randomIds } from "../adapters/random-ids.ts";
import { type EventEnvelope, eventEnvelope } from "../core/events/event-envelope.ts";
import { compilePattern, type EventPattern } from "../core/events/event-pattern.ts";
import type { DeadLetterStore } from "../core/ports/dead-letter-store.ts";
import type { EventBus } from "../core/ports/event-bus.ts";
import type { BusEvent } from "../core/records/bus-event.ts";
import type { DeadLetter } from "../core/records/dead-letter.ts";
import { allDeadLetters } from "./all-dead-letters.ts";
import { DeliveryRefusedError } from "./event-plugins/delivery-refused-error.ts";
import type { PluginTarget } from "./event-plugins/plugin-target.ts";

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
 * rule; each matching rule's target gets it in the background, so neither a slow nor a
 * failing plugin holds up the publisher or the other plugins. A failed attempt is retried
 * with exponential backoff and jitter; after the last (or a `DeliveryRefusedError`) the
 * event becomes a dead letter, listed and redriven with `baton dlq`. Delivery is at least
 * once, in no guaranteed order, like EventBridge's.
 *
 * @example
 * const bus = new LocalEventBus({ rules: pluginRules(plugins, context), deadLetters });
 * await bus.publish([event]);
 * await bus.settled(); // every delivery done or dead-lettered
 */
export class LocalEventBus implements EventBus {
  readonly recent: BusEvent[] = [];
  readonly deadLetters: DeadLetterStore;
  private readonly rules: (EventRule & { matches: (envelope: EventEnvelope) => boolean })[];
  private readonly subscribers: ((event: BusEvent) => void | Promise<void>)[] = [];
  private readonly inFlight = new Set<Promise<void>>();
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

  async publish(events: readonly BusEvent[]): Promise<void> {
    for (const event of events) {
      this.recent.push(event);
      if (this.recent.length > this.keep) this.recent.shift();
      for (const subscriber of this.subscribers) await subscriber(event);
      const envelope = eventEnvelope(event, { id: randomUUID(), ...this.origin });
      for (const rule of this.rules) {
        if (rule.matches(envelope)) this.track(this.deliver(rule, envelope));
      }
    }
  }

  /** Resolves once no delivery is under way: each was taken or dead-lettered. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /**
   * Stops retrying: deliveries waiting for their next attempt become dead letters now (so
   * none is lost when the engine stops), and events published from now on go straight to
   * the dead-letter store. Resolves once attempts under way have ended.
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

  private track(delivery: Promise<void>): void {
    const tracked: Promise<void> = delivery
      .catch((failure: unknown) => this.report(`a delivery broke off: ${reasonOf(failure)}`))
      .finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  /** The wait before attempt `attempt` (2, 3, …): exponential, capped, with jitter. */
  private delayBefore(attempt: number): number {
    const ceiling = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 2));
    return ceiling / 2 + (Math.random() * ceiling) / 2;
  }

  /** Delivers to one rule's target with retries, then dead-letters; never throws. */
  private async deliver(rule: EventRule, envelope: EventEnvelope): Promise<void> {
    let attempts = 0;
    let error = "the engine was stopping";
    for (let attempt = 1; attempt <= this.attempts; attempt += 1) {
      if (attempt > 1) await this.wait(this.delayBefore(attempt), this.closing.signal);
      if (this.closing.signal.aborted) {
        if (attempts > 0) error = `${error} (not retried: the engine stopped)`;
        break;
      }
      attempts += 1;
      try {
        await rule.target(structuredClone(envelope));
        return;
      } catch (failure) {
        error = reasonOf(failure);
        if (failure instanceof DeliveryRefusedError) break;
      }
    }
    await this.deadLetter(rule, envelope, attempts, error);
  }

  private async deadLetter(
    rule: EventRule,
    envelope: EventEnvelope,
    attempts: number,
    error: string,
  ): Promise<void> {
    const letter: DeadLetter = {
      id: this.letterId(),
      plugin: rule.plugin,
      rule: rule.name,
      envelope,
      attempts,
      error,
      failedAt: this.now().toISOString(),
    };
    const what = `${envelope["detail-type"]} of instance ${envelope.detail.instanceId}`;
    try {
      await this.deadLetters.put(letter);
      this.report(
        `plugin "${rule.plugin}": ${what} not delivered after ${attempts} attempts (${error}); kept as dead letter ${letter.id} (baton dlq list)`,
      );
    } catch (failure) {
      this.report(
        `plugin "${rule.plugin}": ${what} not delivered after ${attempts} attempts (${error}), and not kept as a dead letter: ${reasonOf(failure)}`,
      );
    }
  }
}
