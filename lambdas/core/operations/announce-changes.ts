import type { Backend } from "../backend/backend.ts";
import type { Template } from "../model/template.ts";
import type { ChangeAnnouncer, KnownToAnnounce } from "../ports/change-announcer.ts";
import type { BusEvent } from "../records/bus-event.ts";
import type { HistoryEntry } from "../records/history-entry.ts";
import type { ChangedInstance } from "./changed-instance.ts";
import { copyToCc } from "./copy-to-cc.ts";
import { recordChange } from "./record-change.ts";
import { killsEdges, ROUTING_CHANGES } from "./routing-change.ts";
import { skippedNodes } from "./skipped-nodes.ts";

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
 * @param known - the template and the whole history, when the caller holds them. @default read when needed
 * @example
 * await announceChanges(backend, instance, [endedEntry]); // finishing an interrupted close
 */
export async function announceChanges(
  backend: Backend,
  instance: ChangedInstance,
  written: readonly HistoryEntry[],
  known: KnownToAnnounce = {},
): Promise<HistoryEntry[]> {
  if (written.length > 0) {
    await backend.bus.publish(written.map((entry) => eventOf(instance, entry)));
  }
  const routing = written.filter((entry) => ROUTING_CHANGES.includes(entry.type));
  if (routing.length === 0) return [];
  const template =
    known.template ?? (await backend.templates.get(instance.templateId, instance.templateVersion));
  if (!template) return [];
  for (const entry of routing) await copyToCc(backend, instance, template, entry);
  const killing = routing.some((entry) => killsEdges(template, entry));
  return killing ? recordSkips(backend, instance, template, known.history) : [];
}

/**
 * Records `node.skipped` for the nodes the instance has skipped since it last recorded one,
 * replaying the whole history (read unless given), and chaining the entries on its last.
 */
async function recordSkips(
  backend: Backend,
  instance: ChangedInstance,
  template: Template,
  known?: readonly HistoryEntry[],
): Promise<HistoryEntry[]> {
  const history =
    known ?? (await backend.stores.history.list(instance.tenant, instance.instanceId));
  const recorded = new Set(
    history.flatMap((entry) => (entry.type === "node.skipped" ? [entry.nodeId] : [])),
  );
  const at = backend.clock.now().toISOString();
  const skipped = skippedNodes(template, backend.directory, instance.input, history).filter(
    (id) => !recorded.has(id),
  );
  if (skipped.length === 0) return [];
  return recordChange(
    backend,
    instance,
    skipped.map((nodeId) => ({ type: "node.skipped" as const, at, nodeId, detail: {} })),
    { template, head: history.at(-1) ?? null },
  );
}

/**
 * The announcer of a backend whose changes are announced as they are recorded: the recorder
 * runs {@link announceChanges} right after its append (the embedded engine, whose outbox
 * relays what a crash cut off, and the simulations and tests).
 *
 * @example
 * const backend: Backend = { ...parts, announcer: inLineAnnouncer };
 */
export const inLineAnnouncer: ChangeAnnouncer = {
  inLine: true,
  announce: announceChanges,
};
