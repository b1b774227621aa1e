import type { ChangeAnnouncer } from "../core/ports/change-announcer.ts";

/**
 * The announcer of the Lambda handlers: it leaves the entries they append to the table's change
 * stream, AWS's outbox. The stream invokes the execution-facts function for each history entry
 * inserted (`TABLE_STREAM_FILTERS.historyInserts`), which announces it (`announceChanges`), so
 * a handler that dies after its append loses no event, copy or skipped node, and each event is
 * put once. Announcing again what a broken-off close had recorded is the stream's job too.
 *
 * @example
 * const backend: LambdaBackend = { ...ports, announcer: historyStreamAnnouncer };
 */
export const historyStreamAnnouncer: ChangeAnnouncer = {
  announce: async () => [],
};
