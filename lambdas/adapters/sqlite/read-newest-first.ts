import type { SQLInputValue, StatementSync } from "node:sqlite";
import type { Page, PageRequest } from "../../core/ports/page.ts";
import { cursorSortKey, itemsToRead, newestFirstPage } from "../newest-first-page.ts";
import { type Row, storedRecord } from "./stored-record.ts";

/** The two reads of a listing, newest first by `sort_key`, each ending `LIMIT ?`. */
export interface NewestFirstReads {
  /** Reads from the newest row: the listing's own parameters, then the limit. */
  first: StatementSync;
  /** Reads rows older than a sort key: the listing's parameters, the sort key, the limit. */
  before: StatementSync;
}

/**
 * One page of a listing, newest first: reads the rows before the request's cursor (or from
 * the newest) and pages them as every adapter does ({@link newestFirstPage}).
 *
 * @example
 * readNewestFirst<InboxItem>(reads, ["default", "al", "todo"], { limit: 20 });
 */
export function readNewestFirst<T>(
  reads: NewestFirstReads,
  listing: readonly SQLInputValue[],
  request: PageRequest = {},
): Page<T> {
  const before = cursorSortKey(request.cursor);
  const rows: Row[] =
    before === undefined
      ? reads.first.all(...listing, itemsToRead(request))
      : reads.before.all(...listing, before, itemsToRead(request));
  return newestFirstPage(
    rows,
    request,
    (row) => String(row.sort_key),
    (row) => storedRecord<T>(row) as T,
  );
}
