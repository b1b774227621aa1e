import { entryHash } from "../audit/hash-chain.ts";
import type { Backend } from "../backend/backend.ts";
import type { Outcome, Template } from "../model/template.ts";
import { WriteConflictError } from "../ports/write-conflict-error.ts";
import type { BusEvent, FlowEventType } from "../records/bus-event.ts";
import type { HistoryEntry, NewHistoryEntry } from "../records/history-entry.ts";
import type { ChangedInstance } from "./changed-instance.ts";
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
function killsEdges(
  template: Template,
  entry: Pick<HistoryEntry, "type" | "nodeId" | "detail">,
): boolean {
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

/**
 * What the caller of {@link recordChange} or {@link announceChanges} already holds, so that it is
 * not read again. Each is only a starting point: a stale `head` loses its conditional append,
 * and the history is read then, as after any lost race.
 */
export interface KnownToChange {
  /**
   * The last entry of the instance's history as the caller just read or wrote it; `null` when
   * the history is empty. @default read from the store
   */
  head?: HistoryEntry | null;
  /** The instance's template version. @default read from the catalog when needed */
  template?: Template;
  /**
   * The whole history, up to and including the entries announced (for
   * {@link announceChanges}). @default read from the store when needed
   */
  history?: readonly HistoryEntry[];
}

/**
 * Where the next entry goes: after `last`. `history` is the whole chain up to `last` when the
 * change needs it for the skipped-node replay afterwards (read instead of the last entry alone,
 * then extended by each entry written), `undefined` otherwise.
 */
interface ChainEnd {
  last: HistoryEntry | undefined;
  history: HistoryEntry[] | undefined;
}

async function readChainEnd(
  backend: Backend,
  instance: ChangedInstance,
  whole: boolean,
): Promise<ChainEnd> {
  const { tenant, instanceId } = instance;
  if (!whole)
    return { last: await backend.stores.history.last(tenant, instanceId), history: undefined };
  // A copy, which the entries written are added to.
  const entries = [...(await backend.stores.history.list(tenant, instanceId))];
  return { last: entries.at(-1), history: entries };
}

/**
 * Records changes of an instance: appends each to its hash-chained history (chaining again
 * on the new last entry when a concurrent writer took the place), then publishes them as
 * flow events; a node that completed or an instance that ended is copied to whoever its
 * `cc` names, and nodes the instance skipped by then are recorded (`node.skipped`). Every
 * change of an instance goes through here, so history and bus agree. A change after which
 * nodes may be skipped reads the whole history to chain on (the replay needs it), any other
 * the last entry, unless the caller knows it (`known.head`).
 *
 * @param known - what the caller holds already. @default nothing: read what is needed
 * @example
 * await recordChange(backend, instance, [{ type: "flow.started", at, actor: "al", detail: {} }]);
 */
export async function recordChange(
  backend: Backend,
  instance: ChangedInstance,
  changes: readonly NewHistoryEntry[],
  known: KnownToChange = {},
): Promise<HistoryEntry[]> {
  const template = changes.some((change) => ROUTING.includes(change.type))
    ? (known.template ??
      (await backend.templates.get(instance.templateId, instance.templateVersion)))
    : known.template;
  const replays = template !== undefined && changes.some((change) => killsEdges(template, change));
  const written: HistoryEntry[] = [];
  // Chained on the entry just written; read again only when a concurrent writer took a place.
  let end: ChainEnd =
    known.head !== undefined && !replays
      ? { last: known.head ?? undefined, history: undefined }
      : await readChainEnd(backend, instance, replays);
  for (const change of changes) {
    for (let attempt = 1; ; attempt += 1) {
      const unhashed = {
        ...change,
        tenant: instance.tenant,
        instanceId: instance.instanceId,
        seq: (end.last?.seq ?? 0) + 1,
        prev: end.last?.hash ?? "",
      };
      const entry: HistoryEntry = { ...unhashed, hash: entryHash(unhashed) };
      try {
        await backend.stores.history.append(entry);
        written.push(entry);
        end.history?.push(entry);
        end = { last: entry, history: end.history };
        break;
      } catch (error) {
        if (!(error instanceof WriteConflictError) || attempt >= APPEND_ATTEMPTS) throw error;
        await backOff(attempt);
        end = await readChainEnd(backend, instance, replays);
      }
    }
  }
  const announced = await announceChanges(backend, instance, written, {
    ...(template === undefined ? {} : { template }),
    ...(end.history === undefined ? {} : { history: end.history }),
  });
  return [...written, ...announced];
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
 * @param known - the template and the whole history, when the caller holds them. @default read when needed
 * @example
 * await announceChanges(backend, instance, [endedEntry]); // finishing an interrupted close
 */
export async function announceChanges(
  backend: Backend,
  instance: ChangedInstance,
  written: readonly HistoryEntry[],
  known: Omit<KnownToChange, "head"> = {},
): Promise<HistoryEntry[]> {
  if (written.length > 0) {
    await backend.bus.publish(written.map((entry) => eventOf(instance, entry)));
  }
  const routing = written.filter((entry) => ROUTING.includes(entry.type));
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
