import type { DeadLetter } from "../records/dead-letter.ts";
import type { Page, PageRequest } from "./page.ts";

/**
 * Where the local bus keeps the events no plugin took, for listing and redriving (an SQS
 * dead-letter queue plays this part on AWS). Letters are the installation's, like the
 * plugins: not split by tenant (each envelope names its own).
 *
 * @example
 * await deadLetters.put(letter);
 * const { items } = await deadLetters.list({ limit: 20 });
 * await deadLetters.remove(items[0].id);
 */
export interface DeadLetterStore {
  /** Stores a letter, or replaces the one with its id (a failed redrive). */
  put(letter: DeadLetter): Promise<void>;
  get(id: string): Promise<DeadLetter | undefined>;
  /** The letters oldest failure first, a page at a time. */
  list(page?: PageRequest): Promise<Page<DeadLetter>>;
  /** Removes a letter; whether there was one. */
  remove(id: string): Promise<boolean>;
}
