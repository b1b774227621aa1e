import type { InboxView } from "../contract/table-layout.ts";
import type { InboxItem } from "../records/inbox-item.ts";
import type { Page, PageRequest } from "./page.ts";

/**
 * Users' inbox views. Rows are keyed by user, view, time and what they refer to, so putting
 * the same row twice is harmless and removing a missing one is a no-op.
 *
 * @example
 * await store.put({ tenant: "default", user: "al", view: "todo", createdAt, instanceId, templateId, approvalId });
 * const { items } = await store.list("default", "al", "todo");
 */
export interface InboxStore {
  /** Writes the row, replacing one stored under its key. */
  put(item: InboxItem): Promise<void>;
  /**
   * Writes the row only where none is stored under its key: a row already there, read receipt
   * (`readAt`) included, stays as it is, and that is not an error. For a copy that may be made
   * again (a CC row announced twice).
   *
   * @example
   * await store.putIfAbsent(row);
   * await store.markRead(row, at);
   * await store.putIfAbsent(row); // the row keeps its readAt
   */
  putIfAbsent(item: InboxItem): Promise<void>;
  remove(item: InboxItem): Promise<void>;
  /** Sets the row's `readAt` the first time; a missing or already read row stays as it is. */
  markRead(item: InboxItem, at: string): Promise<void>;
  list(tenant: string, user: string, view: InboxView, page?: PageRequest): Promise<Page<InboxItem>>;
}
