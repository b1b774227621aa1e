import { CursorRefusedError } from "../core/ports/cursor-refused-error.ts";
import { DEFAULT_PAGE_LIMIT, type Page, type PageRequest } from "../core/ports/page.ts";

/**
 * The shape of every listing's sort key: an ISO-8601 time (`createdAt`, `updatedAt`,
 * `failedAt`), `#`, and what orders rows of the same time (ids).
 */
const SORT_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z#./u;

/**
 * The sort key a page continues before, from its opaque cursor (the base64url of the last
 * sort key the previous page returned), or `undefined` for the first page. The next page
 * reads only keys before it, so a cursor names no other listing's rows.
 *
 * @throws CursorRefusedError when the cursor is not the base64url of a sort key (it does not
 * decode and encode back to itself, or what it holds is not of the listings' shape)
 * @example
 * const before = cursorSortKey(request.cursor); // "2026-12-02T10:00:00.000Z#01J"
 */
export function cursorSortKey(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const key = Buffer.from(cursor, "base64url").toString("utf8");
  if (Buffer.from(key, "utf8").toString("base64url") !== cursor || !SORT_KEY.test(key)) {
    throw new CursorRefusedError();
  }
  return key;
}

/**
 * How many rows to read for a page: one more than it holds, to know whether more follow.
 *
 * @example
 * table.query({ partition, newestFirst: true, max: itemsToRead({ limit: 20 }) }); // 21
 */
export function itemsToRead(request: PageRequest = {}): number {
  return (request.limit ?? DEFAULT_PAGE_LIMIT) + 1;
}

/**
 * A page of rows read newest first before the request's cursor (up to {@link itemsToRead}),
 * decoded, with a cursor — the base64url of the last sort key returned — when more follow.
 * Every adapter pages with it, so their cursors are alike.
 *
 * @example
 * const page = newestFirstPage(rows, request, (row) => String(row.sort_key), decode);
 */
export function newestFirstPage<R, T>(
  rows: readonly R[],
  request: PageRequest | undefined,
  sortKey: (row: R) => string,
  decode: (row: R) => T,
): Page<T> {
  const limit = itemsToRead(request) - 1;
  const kept = rows.slice(0, limit);
  const last = kept.at(-1);
  const page = { items: kept.map(decode) };
  return rows.length > limit && last !== undefined
    ? { ...page, cursor: Buffer.from(sortKey(last), "utf8").toString("base64url") }
    : page;
}
