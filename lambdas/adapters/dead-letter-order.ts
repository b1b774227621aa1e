import type { DeadLetter } from "../core/records/dead-letter.ts";

/**
 * The order dead letters are listed in: oldest failure first, then id. Every adapter pages
 * on it, with the cursors of `newest-first-page.ts` (the base64url of the last key returned).
 *
 * @example
 * deadLetterSortKey(letter); // "2026-12-02T10:00:05.000Z#01J…"
 */
export function deadLetterSortKey(letter: Pick<DeadLetter, "failedAt" | "id">): string {
  return `${letter.failedAt}#${letter.id}`;
}
