import { type EventPattern, matchesPattern } from "../../../lambdas/core/events/event-pattern.ts";
import {
  AwsServiceError,
  jsonOperation,
  type ProtocolRequest,
  type ProtocolResponse,
  type ProtocolServer,
  serveAwsProtocol,
} from "./aws-protocol-server.ts";
import { LOOPBACK_ACCOUNT, LOOPBACK_REGION } from "./loopback-account.ts";

/** An event as EventBridge hands it to a rule's target. */
export interface EventBridgeEvent {
  version: "0";
  id: string;
  "detail-type": string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
}

/** A rule on a bus: its pattern, and what its target does with a matched event. */
export interface EventRule {
  name: string;
  /** The bus the rule is on (`default` for AWS services' events). */
  bus: string;
  pattern: EventPattern;
  /** The target, invoked asynchronously, as EventBridge delivers. */
  target(event: EventBridgeEvent): unknown;
}

/** One entry of PutEvents, as the SDK sends it or a state machine's `events:putEvents` task gives it. */
export interface PutEventsEntry {
  EventBusName?: string;
  Source?: string;
  DetailType?: string;
  /** JSON text (the API), or an object (a state machine's task, which Step Functions serializes). */
  Detail?: string | Record<string, unknown>;
  Resources?: string[];
  /** Seconds since the epoch, as `awsJson` sends a timestamp. */
  Time?: number;
}

/** Seconds-precision ISO time, as EventBridge writes `time`. */
function eventTime(seconds: number | undefined): string {
  const at = seconds === undefined ? new Date() : new Date(seconds * 1000);
  return at.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The bus a name or ARN names. */
function busName(nameOrArn: string | undefined): string {
  if (nameOrArn === undefined || nameOrArn === "") return "default";
  return nameOrArn.startsWith("arn:") ? (nameOrArn.split("/").pop() ?? nameOrArn) : nameOrArn;
}

/**
 * EventBridge's `PutEvents` (awsJson1_1, `X-Amz-Target: AWSEvents.PutEvents`) on loopback, with
 * the buses and rules a deployment creates: each accepted entry gets an id, is wrapped in
 * EventBridge's event shape and handed to the target of every rule of its bus whose pattern
 * it matches (the project's own pattern matcher, the one the local bus uses), after PutEvents
 * answered. An entry for a bus that does not exist is refused in the answer
 * (`ResourceNotFoundException`), as are entries without source, detail type or detail.
 * Part of the loopback emulator of AWS's protocols, not a mock of a client.
 *
 * @example
 * const events = await EventBridgeService.start(["baton-test"], rules);
 * process.env.AWS_ENDPOINT_URL_EVENTBRIDGE = events.endpoint;
 */
export class EventBridgeService {
  /** Every event accepted, with the bus it was put on, in the order they were put. */
  readonly received: { bus: string; event: EventBridgeEvent }[] = [];
  /** Every event a rule matched, with the rule's name, in the order they were put. */
  readonly matched: { rule: string; event: EventBridgeEvent }[] = [];
  private readonly buses = new Set<string>(["default"]);
  private putsToRefuse = 0;
  private refused = 0;
  private readonly rules: EventRule[] = [];
  private readonly deliveries = new Set<Promise<unknown>>();
  private server: ProtocolServer | undefined;

  static async start(
    buses: readonly string[],
    rules: readonly EventRule[],
  ): Promise<EventBridgeService> {
    const service = new EventBridgeService();
    for (const bus of buses) service.buses.add(bus);
    service.rules.push(...rules);
    service.server = await serveAwsProtocol((request) => service.serve(request));
    return service;
  }

  get endpoint(): string {
    if (!this.server) throw new Error("the EventBridge service is not started");
    return this.server.endpoint;
  }

  /** Puts entries as PutEvents does, and answers as it does. */
  put(entries: readonly PutEventsEntry[]): {
    Entries: ({ EventId: string } | { ErrorCode: string; ErrorMessage: string })[];
    FailedEntryCount: number;
  } {
    const results = entries.map((entry) => {
      const bus = busName(entry.EventBusName);
      if (!this.buses.has(bus)) {
        return {
          ErrorCode: "ResourceNotFoundException",
          ErrorMessage: `Event bus ${bus} does not exist.`,
        };
      }
      if (!entry.Source || !entry.DetailType || entry.Detail === undefined) {
        return {
          ErrorCode: "MalformedDetail",
          ErrorMessage: "Source, DetailType and Detail are required.",
        };
      }
      const event: EventBridgeEvent = {
        version: "0",
        id: crypto.randomUUID(),
        "detail-type": entry.DetailType,
        source: entry.Source,
        account: LOOPBACK_ACCOUNT,
        time: eventTime(entry.Time),
        region: LOOPBACK_REGION,
        resources: entry.Resources ?? [],
        detail: typeof entry.Detail === "string" ? JSON.parse(entry.Detail) : entry.Detail,
      };
      this.received.push({ bus, event });
      this.route(bus, event);
      return { EventId: event.id };
    });
    return {
      Entries: results,
      FailedEntryCount: results.filter((result) => "ErrorCode" in result).length,
    };
  }

  /**
   * Makes the next `count` PutEvents requests fail as EventBridge can: every entry refused in
   * the answer (`ErrorCode` `InternalFailure`, `FailedEntryCount` all of them), nothing put.
   * The emulator failing, not a mocked client: what is tested is how the callers and the
   * table's stream retry. Only the API's PutEvents fails, not state machines' `events:putEvents`
   * tasks nor Step Functions' own status-change events.
   *
   * @example
   * events.failNextPuts(7); // more than one publish of the bus retries
   */
  failNextPuts(count: number): void {
    this.putsToRefuse = count;
  }

  /** How many PutEvents requests were refused so far (see {@link failNextPuts}). */
  get refusedPuts(): number {
    return this.refused;
  }

  /** Resolves once every delivery so far has been made. */
  async settled(): Promise<void> {
    while (this.deliveries.size > 0) await Promise.allSettled([...this.deliveries]);
  }

  stop(): Promise<void> {
    return this.server?.stop() ?? Promise.resolve();
  }

  /** Hands an event to the targets of the bus's matching rules, after the caller's answer. */
  private route(bus: string, event: EventBridgeEvent): void {
    for (const rule of this.rules) {
      if (rule.bus !== bus || !matchesPattern(rule.pattern, event)) continue;
      this.matched.push({ rule: rule.name, event });
      const delivery = Promise.resolve()
        .then(() => rule.target(structuredClone(event)))
        .finally(() => this.deliveries.delete(delivery));
      this.deliveries.add(delivery);
    }
  }

  private async serve(request: ProtocolRequest): Promise<ProtocolResponse> {
    const { operation, input } = jsonOperation<{ PutEvents: { Entries?: PutEventsEntry[] } }>(
      request,
    );
    if (operation !== "PutEvents") {
      throw new AwsServiceError("UnknownOperationException", `${operation} is not emulated`);
    }
    const entries = input.Entries ?? [];
    if (this.putsToRefuse > 0) {
      this.putsToRefuse -= 1;
      this.refused += 1;
      const failure = { ErrorCode: "InternalFailure", ErrorMessage: "Internal Failure" };
      return {
        body: { Entries: entries.map(() => failure), FailedEntryCount: entries.length },
      };
    }
    return { body: this.put(entries) };
  }
}
