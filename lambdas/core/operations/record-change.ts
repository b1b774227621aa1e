import { entryHash } from "../audit/hash-chain.ts";
import type { Backend } from "../backend/backend.ts";
import type { KnownToAnnounce } from "../ports/change-announcer.ts";
import { WriteConflictError } from "../ports/write-conflict-error.ts";
import type { HistoryEntry, NewHistoryEntry } from "../records/history-entry.ts";
import type { ChangedInstance } from "./changed-instance.ts";
import { killsEdges, ROUTING_CHANGES } from "./routing-change.ts";

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

/**
 * What the caller of {@link recordChange} already holds, so that it is not read again. Each is
 * only a starting point: a stale `head` loses its conditional append, and the history is read
 * then, as after any lost race.
 */
export interface KnownToChange extends Pick<KnownToAnnounce, "template"> {
  /**
   * The last entry of the instance's history as the caller just read or wrote it; `null` when
   * the history is empty. @default read from the store
   */
  head?: HistoryEntry | null;
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
 * on the new last entry when a concurrent writer took the place), then hands the entries to
 * the backend's announcer (`Backend.announcer`): they are published as flow events, a node that
 * completed or an instance that ended is copied to whoever its `cc` names, and nodes the
 * instance skipped by then are recorded (`node.skipped`) — at once (`inLineAnnouncer`), or by
 * the store's change stream (AWS). Every change of an instance goes through here, so history
 * and bus agree. With an in-line announcer, a change after which nodes may be skipped reads the
 * whole history to chain on (the replay needs it); any other change, and every change whose
 * announcing is the stream's, reads the last entry, unless the caller knows it (`known.head`).
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
  // Only an announcer that announces at once wants the template and the replay's history.
  const { inLine } = backend.announcer;
  const template =
    inLine && changes.some((change) => ROUTING_CHANGES.includes(change.type))
      ? (known.template ??
        (await backend.templates.get(instance.templateId, instance.templateVersion)))
      : known.template;
  const replays =
    inLine && template !== undefined && changes.some((change) => killsEdges(template, change));
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
  const announced = await backend.announcer.announce(backend, instance, written, {
    ...(template === undefined ? {} : { template }),
    ...(end.history === undefined ? {} : { history: end.history }),
  });
  return [...written, ...announced];
}
