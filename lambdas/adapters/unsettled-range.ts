import type { UnsettledPageRequest } from "../core/ports/instance-record-store.ts";
import { cursorSortKey } from "./newest-first-page.ts";

/**
 * The range of index sort keys (`{updatedAt}#{tenant}#{id}`) a read of unsettled instances
 * covers: after the cursor's key, if any, and before `updatedBefore` (a key sorts before it
 * exactly when its `updatedAt` is earlier); `undefined` when the range is empty. The rows read
 * oldest first within it are paged by `newestFirstPage`, whose paging does not depend on the
 * order: the cursor is the last sort key returned, in every adapter.
 *
 * @example
 * unsettledRange({ updatedBefore: "2026-12-02T09:45:00.000Z" }); // { before: "2026-12-02T09:45:00.000Z" }
 */
export function unsettledRange(
  request: UnsettledPageRequest,
): { after?: string; before: string } | undefined {
  const after = cursorSortKey(request.cursor);
  const before = request.updatedBefore;
  if (after === undefined) return { before };
  return after < before ? { after, before } : undefined;
}
