import { MetricUnit } from "@aws-lambda-powertools/metrics";

import type { Backend } from "../core/backend/backend.ts";
import type { FlowNode } from "../core/model/template.ts";
import type { ChangeAnnouncer } from "../core/ports/change-announcer.ts";
import type { EventBus } from "../core/ports/event-bus.ts";
import type { FlowStores } from "../core/ports/flow-stores.ts";
import { parseApprovalId } from "../core/records/approval-record.ts";
import type { BusEvent } from "../core/records/bus-event.ts";
import { STORE_WRITE_METHODS } from "../local/counting-flow-stores.ts";
import { FLOW_METRIC_DIMENSIONS, FLOW_METRICS } from "./flow-metric-names.ts";
import { invocationUsage } from "./invocation-usage.ts";
import type { LambdaBackend } from "./lambda-backend.ts";
import { logger, type MetricUnitValue, metrics } from "./observability.ts";

/** Publishes one figure of one template at once, as its own EMF line (more dimensions if given). */
function publish(
  template: string,
  name: string,
  unit: MetricUnitValue,
  value: number,
  dimensions: Record<string, string> = {},
): void {
  const single = metrics.singleMetric();
  single.addDimension(FLOW_METRIC_DIMENSIONS.template, template);
  for (const [dimension, text] of Object.entries(dimensions)) single.addDimension(dimension, text);
  single.addMetric(name, unit, value);
}

/** Milliseconds from the approval's request to the event that reached its verdict. */
async function waitedMs(backend: Backend, event: BusEvent): Promise<number | undefined> {
  const parts = parseApprovalId(String(event.detail.approvalId ?? ""));
  if (!parts) return undefined;
  const { instanceId, nodeId, visit } = parts;
  const record = await backend.stores.approvals.get(event.tenant, instanceId, nodeId, visit);
  if (!record) return undefined;
  return Math.max(0, Date.parse(event.at) - Date.parse(record.createdAt));
}

/** The node an event is about, from the template version it ran. */
async function nodeOf(backend: Backend, event: BusEvent): Promise<FlowNode | undefined> {
  if (event.nodeId === undefined) return undefined;
  const template = await backend.templates.get(event.templateId, event.templateVersion);
  return template?.nodes.find((node) => node.id === event.nodeId);
}

/**
 * The figures one published flow event tells, as `FlowMetrics` counts them for the embedded
 * engine: instances started and ended (by status), approvals opened and closed (decided, timed
 * out or withdrawn: the `node.completed` or `node.cancelled` of an approval node, but for the
 * failure of one that found no approvers, which never opened), the wait from an approval's
 * request to its verdict (its record's `createdAt` to the verdict's event), and plugin calls and
 * task nodes whose plugin failed (by plugin).
 */
async function meterEvent(backend: Backend, event: BusEvent): Promise<void> {
  const template = event.templateId;
  switch (event.type) {
    case "flow.started":
      publish(template, FLOW_METRICS.instancesStarted, MetricUnit.Count, 1);
      return;
    case "flow.ended":
      publish(template, FLOW_METRICS.instancesEnded, MetricUnit.Count, 1, {
        [FLOW_METRIC_DIMENSIONS.status]: String(event.detail.status),
      });
      return;
    case "approval.requested":
      publish(template, FLOW_METRICS.approvalsOpened, MetricUnit.Count, 1);
      return;
    case "approval.decided": {
      if (typeof event.detail.verdict !== "string") return;
      const waited = await waitedMs(backend, event);
      if (waited !== undefined) {
        publish(template, FLOW_METRICS.approvalWaitTime, MetricUnit.Milliseconds, waited);
      }
      return;
    }
    case "task.requested":
      publish(template, FLOW_METRICS.pluginCalls, MetricUnit.Count, 1, {
        [FLOW_METRIC_DIMENSIONS.plugin]: String(event.detail.plugin),
      });
      return;
    case "node.completed":
    case "node.cancelled": {
      const node = await nodeOf(backend, event);
      if (node?.type === "approval" && event.detail.reason === undefined) {
        publish(template, FLOW_METRICS.approvalsClosed, MetricUnit.Count, 1);
      }
      if (node?.type === "task" && event.detail.outcome === "failed") {
        publish(template, FLOW_METRICS.pluginFailures, MetricUnit.Count, 1, {
          [FLOW_METRIC_DIMENSIONS.plugin]: node.plugin,
        });
      }
      return;
    }
    default:
      return;
  }
}

/**
 * The bus, publishing as before, then metering what it published: each event's template is
 * noted for the invocation's usage, its figures published ({@link meterEvent}). A figure that
 * cannot be made (a read that failed) is logged as a warning: the change it describes is
 * recorded and published already, and must not be done again for a metric.
 */
function meteredBus(backend: Backend): EventBus {
  // The port wrapped; the wrapper makes no call of its own (only its callers' calls), so
  // `handlerCodeCalls` counts the operations' calls, not this one.
  const wrapped = backend.bus;
  return {
    async publish(events) {
      await wrapped.publish(events);
      for (const event of events) {
        invocationUsage.noteTemplate(event.templateId);
        try {
          await meterEvent(backend, event);
        } catch (error) {
          logger.warn("a flow figure could not be published", {
            type: event.type,
            template: event.templateId,
            error: error instanceof Error ? error.name : String(error),
          });
        }
      }
    },
  };
}

/**
 * The announcer, noting for the invocation's usage the template of each instance whose
 * history it appended to, and the instances it ended: on AWS the entries are announced by the
 * table's stream, so the invocation that recorded a change publishes no event of it, yet
 * served its template. Noting a template or an end twice counts it once.
 */
function meteredAnnouncer(backend: Backend): ChangeAnnouncer {
  return {
    inLine: backend.announcer.inLine,
    announce(on, instance, written, known) {
      if (written.length > 0) invocationUsage.noteTemplate(instance.templateId);
      if (written.some((entry) => entry.type === "flow.ended"))
        invocationUsage.noteEnded(instance.instanceId, instance.templateId);
      return backend.announcer.announce(on, instance, written, known);
    },
  };
}

/** A store counting each call of a writing method (`STORE_WRITE_METHODS`) for the usage. */
function counted<Store extends object>(store: Store): Store {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function" || !STORE_WRITE_METHODS.has(String(property))) {
        return typeof value === "function" ? value.bind(target) : value;
      }
      return (...args: unknown[]) => {
        invocationUsage.noteWrite();
        return value.apply(target, args);
      };
    },
  });
}

/** The stores, each {@link counted}. */
function countedStores(stores: FlowStores): FlowStores {
  return Object.fromEntries(
    Object.entries(stores).map(([name, store]) => [name, counted(store as object)]),
  ) as unknown as FlowStores;
}

const metered = new WeakMap<Backend, Backend>();

/**
 * The backend a handler runs its operations on: the same adapters, but the bus meters the flow
 * events it publishes (the per-template figures of `flow-metric-names.ts`), the announcer notes
 * the templates the recorded changes served, and the stores (the loop states' too) count their
 * writes for the invocation's usage. The operations themselves
 * (`lambdas/core`) know nothing of metrics. Built once per backend.
 *
 * @example
 * await openApproval(meteredBackend(backend()), payload);
 */
export function meteredBackend<B extends Backend>(backend: B): B {
  const known = metered.get(backend);
  if (known) return known as B;
  const wrapped: B = {
    ...backend,
    stores: countedStores(backend.stores),
    bus: meteredBus(backend),
    announcer: meteredAnnouncer(backend),
  };
  const { loopStates } = backend as Partial<LambdaBackend>;
  if (loopStates) {
    (wrapped as B & Pick<LambdaBackend, "loopStates">).loopStates = (tenant) =>
      counted(loopStates(tenant));
  }
  metered.set(backend, wrapped);
  return wrapped;
}
