import { DEFAULT_PAGE_LIMIT, type Page, type PageRequest } from "../core/ports/page.ts";

/**
 * The sort key a page continues before, from its opaque cursor (the base64url of the last
 * sort key the previous page returned), or `undefined` for the first page. The next page
 * reads only keys before it, so a cursor names no other listing's rows.
 *
 * @example
 * const before = cursorSortKey(request.cursor); // "2026-12-02T10:00:00.000Z#01J"
 */
export function cursorSortKey(cursor: string | undefined): string | undefined {
  return cursor === undefined ? undefined : Buffer.from(cursor, "base64url").toString("utf8");
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
