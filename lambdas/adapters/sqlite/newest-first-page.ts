import type { SQLInputValue, StatementSync } from "node:sqlite";
import { DEFAULT_PAGE_LIMIT, type Page, type PageRequest } from "../../core/ports/page.ts";
import { type Row, storedRecord } from "./stored-record.ts";

/** The two reads of a listing, newest first by `sort_key`, each ending `LIMIT ?`. */
export interface NewestFirstReads {
  /** Reads from the newest row: the listing's own parameters, then the limit. */
  first: StatementSync;
  /** Reads rows older than a sort key: the listing's parameters, the sort key, the limit. */
  before: StatementSync;
}

/**
 * One page of a listing, newest first. Reads one row more than the page holds to know whether
 * more follow; the cursor is the base64url of the last `sort_key` returned (as the DynamoDB
 * adapter's is of the last sort key), so a cursor names no other listing's rows.
 *
 * @example
 * newestFirstPage<InboxItem>(reads, ["default", "al", "todo"], { limit: 20 });
 */
export function newestFirstPage<T>(
  reads: NewestFirstReads,
  listing: readonly SQLInputValue[],
  request: PageRequest = {},
): Page<T> {
  const limit = request.limit ?? DEFAULT_PAGE_LIMIT;
  const rows: Row[] =
    request.cursor === undefined
      ? reads.first.all(...listing, limit + 1)
      : reads.before.all(
          ...listing,
          Buffer.from(request.cursor, "base64url").toString("utf8"),
          limit + 1,
        );
  const kept = rows.slice(0, limit);
  const items = kept.map((row) => storedRecord<T>(row) as T);
  const last = kept.at(-1);
  return rows.length > limit && last
    ? { items, cursor: Buffer.from(String(last.sort_key), "utf8").toString("base64url") }
    : { items };
}
