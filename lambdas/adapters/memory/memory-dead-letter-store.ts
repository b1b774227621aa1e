import type { DeadLetterStore } from "../../core/ports/dead-letter-store.ts";
import type { DeadLetter } from "../../core/records/dead-letter.ts";
import { deadLetterSortKey } from "../dead-letter-order.ts";
import { cursorSortKey, itemsToRead, newestFirstPage } from "../newest-first-page.ts";

/**
 * Dead letters in memory, paged like the SQLite store: for tests, and the embedded engine
 * when it is given no store.
 *
 * @example
 * const deadLetters = memoryDeadLetterStore();
 * await deadLetters.put(letter);
 */
export function memoryDeadLetterStore(): DeadLetterStore {
  const letters = new Map<string, DeadLetter>();
  return {
    put: async (letter) => {
      letters.set(letter.id, structuredClone(letter));
    },
    get: async (id) => {
      const letter = letters.get(id);
      return letter && structuredClone(letter);
    },
    list: async (request) => {
      const after = cursorSortKey(request?.cursor);
      const read = [...letters.values()]
        .filter((letter) => after === undefined || deadLetterSortKey(letter) > after)
        .sort((a, b) => (deadLetterSortKey(a) < deadLetterSortKey(b) ? -1 : 1))
        .slice(0, itemsToRead(request));
      return newestFirstPage(read, request, deadLetterSortKey, (letter) => structuredClone(letter));
    },
    remove: async (id) => letters.delete(id),
  };
}
