import type { ChangeAnnouncer } from "../core/ports/change-announcer.ts";

/**
 * The announcer of the Lambda handlers: it leaves the entries they append to the table's change
 * stream, AWS's outbox. The stream invokes the execution-facts function for each history entry
 * inserted (`TABLE_STREAM_FILTERS.historyInserts`), which announces it (`announceChanges`), so
 * a handler that dies after its append loses no event, copy or skipped node, and each event is
 * put once. Announcing again what a broken-off close had recorded is the stream's job too. The
 * recorder reads only the last entry to chain on: the replay for skipped nodes is the
 * stream's.
 *
 * @example
 * const backend: LambdaBackend = { ...ports, announcer: historyStreamAnnouncer };
 */
export const historyStreamAnnouncer: ChangeAnnouncer = {
  inLine: false,
  announce: async () => [],
};
