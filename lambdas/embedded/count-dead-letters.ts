import type { DeadLetterStore } from "../core/ports/dead-letter-store.ts";

/** How many letters a page read for counting holds. */
const PAGE = 100;

/**
 * How many letters wait in a dead-letter store, read page by page: `/metrics`' dead-letter
 * gauge on the embedded engine, where letters are few (an alarm, not a queue).
 *
 * @example
 * new FlowMetrics({ deadLetters: () => countDeadLetters(backend.bus.deadLetters) });
 */
export async function countDeadLetters(store: DeadLetterStore): Promise<number> {
  let count = 0;
  let cursor: string | undefined;
  do {
    const page = await store.list(cursor === undefined ? { limit: PAGE } : { limit: PAGE, cursor });
    count += page.items.length;
    cursor = page.cursor;
  } while (cursor !== undefined);
  return count;
}
