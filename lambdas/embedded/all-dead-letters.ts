import type { DeadLetterStore } from "../core/ports/dead-letter-store.ts";
import type { DeadLetter } from "../core/records/dead-letter.ts";

/**
 * Every dead letter of a store, oldest failure first, read a page at a time.
 *
 * @example
 * const letters = await allDeadLetters(sqliteDeadLetterStore(database));
 */
export async function allDeadLetters(store: DeadLetterStore): Promise<DeadLetter[]> {
  const letters: DeadLetter[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list(cursor === undefined ? {} : { cursor });
    letters.push(...page.items);
    cursor = page.cursor;
  } while (cursor !== undefined);
  return letters;
}
