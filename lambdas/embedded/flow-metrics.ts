import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { type ApprovalRecord, approvalId } from "../core/records/approval-record.ts";
import type { BusEvent, FlowEventType } from "../core/records/bus-event.ts";

/** What the pending gauge needs of an approval pending in the store when the engine starts. */
export type StoredPendingApproval = Pick<
  ApprovalRecord,
  "tenant" | "instanceId" | "nodeId" | "visit" | "templateId" | "createdAt"
>;

/** What {@link FlowMetrics} reads besides the bus. */
export interface FlowMetricsOptions {
  /**
   * How many events wait in the bus's dead-letter store, read at each scrape; exposed as the
   * gauge `baton_dead_letters`. @default the gauge is not exposed
   */
  deadLetters?: () => number | Promise<number>;
  /**
   * The approvals pending in the store when the engine starts (`storedPendingApprovals`): the
   * gauge `baton_pending_approvals` starts from them, and their decisions, timeouts and
   * withdrawals count down from there. An `approval.requested` of one of them delivered again
   * (an event the last run left unpublished) replaces it rather than counting it twice.
   * @default none: the gauge starts at zero
   */
  pending?: Iterable<StoredPendingApproval>;
}

/**
 * The kinds of event a figure is counted from (the cases of `observe`); the others pass by
 * unremembered.
 */
const COUNTED: ReadonlySet<FlowEventType> = new Set<FlowEventType>([
  "flow.started",
  "flow.ended",
  "approval.requested",
  "approval.decided",
  "task.requested",
  "node.completed",
  "node.cancelled",
  "node.skipped",
]);

/** Upper bounds of the approval wait histogram, in seconds: 1 s to a week. */
const WAIT_BUCKETS = [1, 10, 60, 300, 900, 3600, 14_400, 86_400, 259_200, 604_800];

/** How many recent events are remembered to tell a repeated delivery from a new event. */
const REMEMBERED = 10_000;

/**
 * What tells one flow event from another: its instance, type, node and time, and the detail
 * fields that set apart two events of one node at one time (actor, approval, attempt, status).
 */
function identityOf(event: BusEvent): string {
  const { detail } = event;
  return JSON.stringify([
    event.tenant,
    event.instanceId,
    event.type,
    event.nodeId,
    event.at,
    detail.actor,
    detail.approvalId,
    detail.attempt,
    detail.status,
    detail.outcome,
  ]);
}

/** An approval requested and not yet decided, closed or withdrawn. */
interface OpenApproval {
  approvalId: string;
  template: string;
  requestedAt: number;
}

/** The approvals and tasks of one instance still open, by node id. */
interface OpenWork {
  approvals: Map<string, OpenApproval>;
  /** The plugin each open task called. */
  tasks: Map<string, string>;
}

/**
 * The embedded engine's figures, counted from the flow events on the local bus and served as
 * Prometheus text by `GET /metrics`. Each is a figure the Lambda handlers publish on AWS, as
 * CloudWatch EMF unless said (names in `lambdas/handlers/flow-metric-names.ts`), named `baton_`
 * + its EMF name in snake case (`_total` for counters; the help text names the EMF metric), so
 * that a figure reads the same in both places:
 *
 * | Prometheus | on AWS | from |
 * | --- | --- | --- |
 * | `baton_instances_started_total{template}` | `InstancesStarted` | `flow.started` |
 * | `baton_instances_ended_total{template,status}` | `InstancesEnded` | `flow.ended` |
 * | `baton_approvals_opened_total{template}` | `ApprovalsOpened` | `approval.requested` |
 * | `baton_approvals_timed_out_total{template}` | `ApprovalsTimedOut` (without `template`) | `node.completed` of an open approval without a verdict |
 * | `baton_approval_wait_seconds{template,outcome}` | `ApprovalWaitTime` (milliseconds, without `outcome`) | `approval.requested` → the `approval.decided` with the verdict |
 * | `baton_pending_approvals{template}` | the dashboard's running sum of `ApprovalsOpened` − `ApprovalsClosed` (the change over its window, where the gauge is the count now) | pending in the store at start, then requested, not yet decided, timed out or withdrawn |
 * | `baton_plugin_calls_total{template,plugin}` | `PluginCalls` | `task.requested` |
 * | `baton_plugin_failures_total{template,plugin}` | `PluginFailures` | `node.completed` `failed` of a task |
 * | `baton_dead_letters` | the dead-letter queues' `ApproximateNumberOfMessagesVisible` (SQS) | the `deadLetters` option, at each scrape |
 *
 * Counters start at zero with the process, as Prometheus expects of counters; the pending
 * gauge is the number of approvals pending now: it starts from those pending in the store (the
 * `pending` option) and follows the events from there. The bus delivers at least once (an end
 * whose closing is finished again is announced again), so an event seen among the last
 * 10,000 is counted once. Labels carry template ids, statuses and
 * plugin names only: never an instance, a user or a link.
 *
 * @example
 * const metrics = new FlowMetrics();
 * backend.bus.subscribe((event) => metrics.observe(event));
 * await metrics.metrics(); // "# HELP baton_instances_started_total …"
 */
export class FlowMetrics {
  /** The content type of {@link FlowMetrics.metrics}' text (exposition format 0.0.4). */
  readonly contentType: string;
  private readonly registry = new Registry();
  private readonly open = new Map<string, OpenWork>();
  private readonly seen = new Set<string>();
  private readonly started: Counter<"template">;
  private readonly ended: Counter<"template" | "status">;
  private readonly opened: Counter<"template">;
  private readonly timedOut: Counter<"template">;
  private readonly wait: Histogram<"template" | "outcome">;
  private readonly pending: Gauge<"template">;
  private readonly pluginCalls: Counter<"template" | "plugin">;
  private readonly pluginFailures: Counter<"template" | "plugin">;

  /**
   * @param options - the dead-letter count and the approvals pending at start.
   * @default no dead-letter gauge, the pending gauge from zero
   */
  constructor(options: FlowMetricsOptions = {}) {
    const registers = [this.registry];
    this.contentType = this.registry.contentType;
    this.started = new Counter({
      name: "baton_instances_started_total",
      help: "Instances started, by template (EMF: InstancesStarted).",
      labelNames: ["template"],
      registers,
    });
    this.ended = new Counter({
      name: "baton_instances_ended_total",
      help: "Instances ended, by template and end status (EMF: InstancesEnded).",
      labelNames: ["template", "status"],
      registers,
    });
    this.opened = new Counter({
      name: "baton_approvals_opened_total",
      help: "Approvals requested, by template (EMF: ApprovalsOpened).",
      labelNames: ["template"],
      registers,
    });
    this.timedOut = new Counter({
      name: "baton_approvals_timed_out_total",
      help: "Approvals closed by their timeout, by template (EMF: ApprovalsTimedOut).",
      labelNames: ["template"],
      registers,
    });
    this.wait = new Histogram({
      name: "baton_approval_wait_seconds",
      help: "Seconds from approval.requested to the approval.decided that settled it, by template and verdict (EMF: ApprovalWaitTime).",
      labelNames: ["template", "outcome"],
      buckets: WAIT_BUCKETS,
      registers,
    });
    this.pending = new Gauge({
      name: "baton_pending_approvals",
      help: "Approvals pending now (pending in the store at start, then requested and not yet decided, timed out or withdrawn), by template (EMF: ApprovalsOpened - ApprovalsClosed is its change).",
      labelNames: ["template"],
      registers,
    });
    this.pluginCalls = new Counter({
      name: "baton_plugin_calls_total",
      help: "Plugin calls (task.requested, each attempt), by template and plugin (EMF: PluginCalls).",
      labelNames: ["template", "plugin"],
      registers,
    });
    this.pluginFailures = new Counter({
      name: "baton_plugin_failures_total",
      help: "Tasks whose plugin failed (reported failure, or gave up after its retries), by template and plugin (EMF: PluginFailures).",
      labelNames: ["template", "plugin"],
      registers,
    });
    for (const approval of options.pending ?? []) {
      this.openApproval(`${approval.tenant}/${approval.instanceId}`, approval.nodeId, {
        approvalId: approvalId(approval),
        template: approval.templateId,
        requestedAt: Date.parse(approval.createdAt),
      });
    }
    const { deadLetters } = options;
    if (deadLetters) {
      new Gauge({
        name: "baton_dead_letters",
        help: "Events waiting in the local bus's dead-letter store (on AWS: each dead-letter queue's ApproximateNumberOfMessagesVisible).",
        registers,
        async collect() {
          this.set(await deadLetters());
        },
      });
    }
  }

  /** Counts one flow event, once however often it is delivered; other kinds pass by. */
  observe(event: BusEvent): void {
    if (!COUNTED.has(event.type) || !this.firstDelivery(event)) return;
    const template = event.templateId;
    const key = `${event.tenant}/${event.instanceId}`;
    const node = event.nodeId ?? "";
    switch (event.type) {
      case "flow.started":
        this.started.inc({ template });
        return;
      case "flow.ended":
        this.ended.inc({ template, status: String(event.detail.status) });
        for (const approval of this.open.get(key)?.approvals.values() ?? []) {
          this.pending.dec({ template: approval.template });
        }
        this.open.delete(key);
        return;
      case "approval.requested":
        this.openApproval(key, node, {
          approvalId: String(event.detail.approvalId),
          template,
          requestedAt: Date.parse(event.at),
        });
        this.opened.inc({ template });
        return;
      case "approval.decided": {
        const verdict = event.detail.verdict;
        const approval = this.open.get(key)?.approvals.get(node);
        if (typeof verdict !== "string" || approval === undefined) return;
        if (approval.approvalId !== event.detail.approvalId) return;
        const seconds = (Date.parse(event.at) - approval.requestedAt) / 1000;
        this.wait.observe({ template, outcome: verdict }, Math.max(0, seconds));
        this.closeApproval(key, node);
        return;
      }
      case "task.requested": {
        const plugin = String(event.detail.plugin);
        this.work(key).tasks.set(node, plugin);
        this.pluginCalls.inc({ template, plugin });
        return;
      }
      case "node.completed": {
        if (this.closeApproval(key, node)) this.timedOut.inc({ template });
        const plugin = this.open.get(key)?.tasks.get(node);
        if (plugin !== undefined && event.detail.outcome === "failed") {
          this.pluginFailures.inc({ template, plugin });
        }
        this.open.get(key)?.tasks.delete(node);
        return;
      }
      case "node.cancelled":
      case "node.skipped":
        this.closeApproval(key, node);
        this.open.get(key)?.tasks.delete(node);
        return;
      default:
        return;
    }
  }

  /** The figures in the Prometheus text exposition format. */
  async metrics(): Promise<string> {
    return this.registry.metrics();
  }

  /** Whether the event is new, not a repeated delivery of one among the last remembered. */
  private firstDelivery(event: BusEvent): boolean {
    const identity = identityOf(event);
    if (this.seen.has(identity)) return false;
    this.seen.add(identity);
    if (this.seen.size > REMEMBERED) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    return true;
  }

  private work(key: string): OpenWork {
    let work = this.open.get(key);
    if (!work) {
      work = { approvals: new Map(), tasks: new Map() };
      this.open.set(key, work);
    }
    return work;
  }

  /** Remembers an approval of a node as open, in place of the one open there before if any. */
  private openApproval(key: string, node: string, approval: OpenApproval): void {
    const approvals = this.work(key).approvals;
    const replaced = approvals.get(node);
    if (replaced) this.pending.dec({ template: replaced.template });
    approvals.set(node, approval);
    this.pending.inc({ template: approval.template });
  }

  /** Forgets an open approval of a node; whether there was one. */
  private closeApproval(key: string, node: string): boolean {
    const approval = this.open.get(key)?.approvals.get(node);
    if (!approval) return false;
    this.open.get(key)?.approvals.delete(node);
    this.pending.dec({ template: approval.template });
    return true;
  }
}
