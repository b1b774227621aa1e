import type { Backend } from "../backend/backend.ts";
import type { Template } from "../model/template.ts";
import type { ChangedInstance } from "../operations/changed-instance.ts";
import type { HistoryEntry } from "../records/history-entry.ts";

/**
 * What the caller of a {@link ChangeAnnouncer} already holds, so that it is not read again.
 *
 * @example
 * await backend.announcer.announce(backend, instance, written, { template, history });
 */
export interface KnownToAnnounce {
  /** The instance's template version. @default read from the catalog when needed */
  template?: Template;
  /**
   * The whole history, up to and including the entries announced. @default read from the store
   * when needed
   */
  history?: readonly HistoryEntry[];
}

/**
 * What follows entries appended to an instance's history: their flow events published, the CC
 * copies of a node completed or an instance ended, and the nodes skipped by then recorded
 * (`node.skipped`, announced in turn). The embedded engine announces them as they are recorded
 * (`inLineAnnouncer`, its outbox relaying what a crash cut off); on AWS the table's change
 * stream is the outbox, and the handlers that append leave the entries to it
 * (`historyStreamAnnouncer`: the execution-facts function announces each entry inserted).
 *
 * @example
 * const skipped = await backend.announcer.announce(backend, instance, written);
 */
export interface ChangeAnnouncer {
  /**
   * Whether it announces as it is called: it then wants the template and, after a change that
   * may have left nodes skipped, the whole history, which the recorder reads for it. One that
   * leaves the entries to a stream wants neither, and the recorder reads only the last entry.
   */
  readonly inLine: boolean;
  /**
   * Announces `written`, entries appended to `instance`'s history just now — or earlier, whose
   * announcing may have broken off (every step is safe to repeat) — on `backend` (the one the
   * recorder runs on, metered or not); resolves with the `node.skipped` entries it recorded
   * (none when it leaves the entries to a stream).
   *
   * @param known - the template and the whole history, when the caller holds them. @default read when needed
   */
  announce(
    backend: Backend,
    instance: ChangedInstance,
    written: readonly HistoryEntry[],
    known?: KnownToAnnounce,
  ): Promise<HistoryEntry[]>;
}
