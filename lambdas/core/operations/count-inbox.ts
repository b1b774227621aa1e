import type { Backend } from "../backend/backend.ts";
import { INBOX_VIEWS, type InboxView } from "../contract/table-layout.ts";

/** The most rows counted in one inbox view; beyond it a page says "50+". */
export const INBOX_COUNT_CAP = 50;

/** How many rows an inbox view holds, up to a cap. */
export interface InboxCount {
  /** The rows counted: all of them, or the cap when `more` is set. */
  count: number;
  /** The view holds more rows than were counted. */
  more: boolean;
}

/**
 * How many rows each of a user's inbox views holds, counted up to `cap`: one query per view (in
 * parallel) reading at most `cap` rows of the user's own partition, newest first, as a page of
 * the listing does. Nothing keeps a counter (no row every change of a user's inbox would
 * write), so a count costs reading its rows; the cap bounds that, and a view beyond it reads
 * `{ count: cap, more: true }`.
 *
 * @param cap - the most rows read per view. @default INBOX_COUNT_CAP (50)
 * @example
 * const counts = await countInbox(backend, "default", "al");
 * counts.todo; // { count: 3, more: false }
 */
export async function countInbox(
  backend: Backend,
  tenant: string,
  user: string,
  cap: number = INBOX_COUNT_CAP,
): Promise<Record<InboxView, InboxCount>> {
  const counted = await Promise.all(
    INBOX_VIEWS.map(async (view) => {
      const page = await backend.stores.inbox.list(tenant, user, view, { limit: cap });
      return [view, { count: page.items.length, more: page.cursor !== undefined }] as const;
    }),
  );
  return Object.fromEntries(counted) as Record<InboxView, InboxCount>;
}
