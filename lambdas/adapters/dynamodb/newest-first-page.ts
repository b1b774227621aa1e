import { DEFAULT_PAGE_LIMIT, type Page, type PageRequest } from "../../core/ports/page.ts";
import type { Item } from "./flow-table.ts";

/**
 * The sort key a page continues before, from its opaque cursor (base64url of the last sort
 * key returned), or `undefined` for the first page.
 *
 * @example
 * table.query({ partition, range: { before: cursorSortKey(page.cursor) }, newestFirst: true });
 */
export function cursorSortKey(cursor: string | undefined): string | undefined {
  return cursor === undefined ? undefined : Buffer.from(cursor, "base64url").toString("utf8");
}

/** How many items to read for a page: one more than it holds, to know whether more follow. */
export function itemsToRead(request: PageRequest = {}): number {
  return pageLimit(request) + 1;
}

/**
 * A page of items read newest first (up to {@link itemsToRead}), with a cursor when more
 * follow.
 *
 * @example
 * const page = newestFirstPage(items, request, (item) => item.sk as string, decode);
 */
export function newestFirstPage<T>(
  items: readonly Item[],
  request: PageRequest | undefined,
  sortKey: (item: Item) => string,
  decode: (item: Item) => T,
): Page<T> {
  const limit = pageLimit(request);
  const kept = items.slice(0, limit);
  const last = kept.at(-1);
  const page = { items: kept.map(decode) };
  return items.length > limit && last
    ? { ...page, cursor: Buffer.from(sortKey(last), "utf8").toString("base64url") }
    : page;
}

function pageLimit(request: PageRequest = {}): number {
  return request.limit ?? DEFAULT_PAGE_LIMIT;
}
