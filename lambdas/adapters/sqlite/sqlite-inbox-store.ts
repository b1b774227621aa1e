import type { DatabaseSync } from "node:sqlite";
import type { InboxStore } from "../../core/ports/inbox-store.ts";
import { type InboxItem, inboxRef } from "../../core/records/inbox-item.ts";
import { groupCommit } from "./group-commit.ts";
import { readNewestFirst } from "./read-newest-first.ts";

const sortKey = (item: InboxItem) => `${item.createdAt}#${inboxRef(item)}`;

/**
 * Inbox rows in table `inbox`, keyed by tenant, user, view and `{createdAt}#{ref}` (the
 * DynamoDB item's sort key): a view is one range of the primary key read backwards, putting a
 * row again replaces it (`putIfAbsent` leaves it as it is), removing a missing one changes
 * nothing, and marking a row read sets its `readAt` only where none is set yet.
 *
 * @example
 * const inbox = sqliteInboxStore(database);
 * const { items, cursor } = await inbox.list("default", "al", "todo", { limit: 20 });
 */
export function sqliteInboxStore(database: DatabaseSync): InboxStore {
  const commit = groupCommit(database);
  const upsert = database.prepare(
    `INSERT INTO inbox (tenant, user, view, sort_key, record) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET record = excluded.record`,
  );
  const insert = database.prepare(
    `INSERT INTO inbox (tenant, user, view, sort_key, record) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT DO NOTHING`,
  );
  const remove = database.prepare(
    "DELETE FROM inbox WHERE tenant = ? AND user = ? AND view = ? AND sort_key = ?",
  );
  const read = database.prepare(
    `UPDATE inbox SET record = json_set(record, '$.readAt', ?)
     WHERE tenant = ? AND user = ? AND view = ? AND sort_key = ?
       AND json_extract(record, '$.readAt') IS NULL`,
  );
  const listing = "SELECT sort_key, record FROM inbox WHERE tenant = ? AND user = ? AND view = ?";
  const reads = {
    first: database.prepare(`${listing} ORDER BY sort_key DESC LIMIT ?`),
    before: database.prepare(`${listing} AND sort_key < ? ORDER BY sort_key DESC LIMIT ?`),
  };
  return {
    put: (item) =>
      commit.write(() => {
        upsert.run(item.tenant, item.user, item.view, sortKey(item), JSON.stringify(item));
      }),
    putIfAbsent: (item) =>
      commit.write(() => {
        insert.run(item.tenant, item.user, item.view, sortKey(item), JSON.stringify(item));
      }),
    remove: (item) =>
      commit.write(() => {
        remove.run(item.tenant, item.user, item.view, sortKey(item));
      }),
    markRead: (item, at) =>
      commit.write(() => {
        read.run(at, item.tenant, item.user, item.view, sortKey(item));
      }),
    list: (tenant, user, view, page) =>
      commit.read(() => readNewestFirst<InboxItem>(reads, [tenant, user, view], page)),
  };
}
