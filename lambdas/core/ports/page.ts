/** How many items a page holds when the request does not say. */
export const DEFAULT_PAGE_LIMIT = 50;

/** One page of a listing, newest first, and the cursor of the next page if there is one. */
export interface Page<T> {
  items: T[];
  cursor?: string;
}

/**
 * How much of a listing to read.
 *
 * @example
 * const first = await stores.inbox.list("default", "al", "todo", { limit: 20 });
 * const next = await stores.inbox.list("default", "al", "todo", { limit: 20, cursor: first.cursor });
 */
export interface PageRequest {
  /** @default DEFAULT_PAGE_LIMIT (50) */
  limit?: number;
  /** The `cursor` of the previous page. */
  cursor?: string;
}
