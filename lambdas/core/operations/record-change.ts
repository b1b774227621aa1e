import { entryHash } from "../audit/hash-chain.ts";
import type { Backend } from "../backend/backend.ts";
import type { Outcome, Template } from "../model/template.ts";
import { WriteConflictError } from "../ports/write-conflict-error.ts";
import type { BusEvent, FlowEventType } from "../records/bus-event.ts";
import type { HistoryEntry, NewHistoryEntry } from "../records/history-entry.ts";
import type { InstanceRecord } from "../records/instance-record.ts";
import { copyToCc } from "./copy-to-cc.ts";
import { mayKillEdges, skippedNodes } from "./skipped-nodes.ts";

/** How many times an append is chained again after losing a race for its place. */
const APPEND_ATTEMPTS = 50;

/**
 * Waits a random while before chaining again, longer after each lost race (full jitter, up to
 * 100 ms): appenders that collided spread out instead of colliding again.
 */
function backOff(attempt: number): Promise<void> {
  const ceiling = Math.min(100, 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}

/** The changes after which nodes may have become skipped, or a node or instance copied (CC). */
const ROUTING: readonly FlowEventType[] = ["flow.started", "node.completed", "flow.ended"];

/** Whether a change can have left edges dead, so that nodes may now be skipped. */
function killsEdges(template: Template, entry: HistoryEntry): boolean {
  if (entry.type === "flow.started") {
    const start = template.nodes.find((node) => node.type === "start");
    return start !== undefined && mayKillEdges(template, start.id, "succeeded");
  }
  const outcome = (entry.detail as { outcome?: Outcome }).outcome;
  return (
    entry.type === "node.completed" &&
    entry.nodeId !== undefined &&
    outcome !== undefined &&
    mayKillEdges(template, entry.nodeId, outcome)
  );
}

/** Records `node.skipped` for the nodes the instance has skipped since it last recorded one. */
async function recordSkips(
  backend: Backend,
  record: InstanceRecord,
  template: Template,
): Promise<HistoryEntry[]> {
  const history = await backend.stores.history.list(record.tenant, record.instanceId);
  const recorded = new Set(
    history.flatMap((entry) => (entry.type === "node.skipped" ? [entry.nodeId] : [])),
  );
  const at = backend.clock.now().toISOString();
  const skipped = skippedNodes(template, backend.directory, record.input, history).filter(
    (id) => !recorded.has(id),
  );
  if (skipped.length === 0) return [];
  return recordChange(
    backend,
    record,
    skipped.map((nodeId) => ({ type: "node.skipped" as const, at, nodeId, detail: {} })),
  );
}

/** The instance a change belongs to. */
export type ChangedInstance = Pick<
  InstanceRecord,
  "tenant" | "instanceId" | "templateId" | "templateVersion"
>;

/**
 * Records changes of an instance: appends each to its hash-chained history (chaining again
 * on the new last entry when a concurrent writer took the place), then publishes them as
 * flow events; a node that completed or an instance that ended is copied to whoever its
 * `cc` names, and nodes the instance skipped by then are recorded (`node.skipped`). Every
 * change of an instance goes through here, so history and bus agree.
 *
 * @example
 * await recordChange(backend, instance, [{ type: "flow.started", at, actor: "al", detail: {} }]);
 */
export async function recordChange(
  backend: Backend,
  instance: ChangedInstance,
  changes: readonly NewHistoryEntry[],
): Promise<HistoryEntry[]> {
  const { history } = backend.stores;
  const written: HistoryEntry[] = [];
  // Chained on the entry just written; read again only when a concurrent writer took a place.
  let last = await history.last(instance.tenant, instance.instanceId);
  for (const change of changes) {
    for (let attempt = 1; ; attempt += 1) {
      const unhashed = {
        ...change,
        tenant: instance.tenant,
        instanceId: instance.instanceId,
        seq: (last?.seq ?? 0) + 1,
        prev: last?.hash ?? "",
      };
      const entry: HistoryEntry = { ...unhashed, hash: entryHash(unhashed) };
      try {
        await history.append(entry);
        written.push(entry);
        last = entry;
        break;
      } catch (error) {
        if (!(error instanceof WriteConflictError) || attempt >= APPEND_ATTEMPTS) throw error;
        await backOff(attempt);
        last = await history.last(instance.tenant, instance.instanceId);
      }
    }
  }
  return [...written, ...(await announceChanges(backend, instance, written))];
}

/** An instance's history entry as the flow event published for it. */
function eventOf(instance: ChangedInstance, entry: HistoryEntry): BusEvent {
  return {
    type: entry.type,
    tenant: instance.tenant,
    templateId: instance.templateId,
    templateVersion: instance.templateVersion,
    instanceId: instance.instanceId,
    ...(entry.nodeId === undefined ? {} : { nodeId: entry.nodeId }),
    seq: entry.seq,
    at: entry.at,
    detail: { ...entry.detail, ...(entry.actor === undefined ? {} : { actor: entry.actor }) },
  };
}

/**
 * What follows entries written to an instance's history: they are published as flow events, a
 * node that completed or an instance that ended is copied to whoever its `cc` names, and the
 * nodes skipped by then are recorded. Returns the `node.skipped` entries recorded. Every step is
 * safe to repeat, so a change whose follow-ups broke off can be announced again (its events are
 * then published twice: the bus delivers at least once).
 *
 * @example
 * await announceChanges(backend, instance, [endedEntry]); // finishing an interrupted close
 */
export async function announceChanges(
  backend: Backend,
  instance: ChangedInstance,
  written: readonly HistoryEntry[],
): Promise<HistoryEntry[]> {
  if (written.length > 0) {
    await backend.bus.publish(written.map((entry) => eventOf(instance, entry)));
  }
  const routing = written.filter((entry) => ROUTING.includes(entry.type));
  if (routing.length === 0) return [];
  const record = await backend.stores.instances.get(instance.tenant, instance.instanceId);
  const template = await backend.templates.get(instance.templateId, instance.templateVersion);
  if (!record || !template) return [];
  for (const entry of routing) await copyToCc(backend, record, template, entry);
  const killing = routing.some((entry) => killsEdges(template, entry));
  return killing ? recordSkips(backend, record, template) : [];
}
