import { ITEM_KEYS, PARTITION_KEYS, TABLE_KEYS } from "../../core/contract/table-layout.ts";
import type { InboxStore } from "../../core/ports/inbox-store.ts";
import { type InboxItem, inboxRef } from "../../core/records/inbox-item.ts";
import { cursorSortKey, itemsToRead, newestFirstPage } from "../newest-first-page.ts";
import type { FlowTable, Item } from "./flow-table.ts";
import { recordCodec } from "./record-codec.ts";
import { ITEM_ABSENT } from "./write-conditions.ts";

const codec = recordCodec<InboxItem>([]);

/** Runs a conditional write whose lost condition means "nothing to do", not an error. */
async function unlessConditionFails(write: Promise<void>): Promise<void> {
  try {
    await write;
  } catch (error) {
    if ((error as Error).name !== "ConditionalCheckFailedException") throw error;
  }
}

const keyOf = (item: InboxItem) =>
  ITEM_KEYS.inbox(item.tenant, item.user, item.view, item.createdAt, inboxRef(item));

/**
 * Inbox rows on the table: one partition per user and view (`{tenant}#U#{user}#{view}`),
 * sorted by `{createdAt}#{ref}` and read newest first; the cursor is the last sort key read.
 * `putIfAbsent` and `markRead` are conditional writes whose lost condition changes nothing.
 *
 * @example
 * const inbox = dynamoDbInboxStore(new FlowTable(client, "baton"));
 * const { items, cursor } = await inbox.list("default", "al", "todo", { limit: 20 });
 */
export function dynamoDbInboxStore(table: FlowTable): InboxStore {
  return {
    put: (item) => table.put(codec.toItem(item, keyOf(item))),
    putIfAbsent: (item) =>
      unlessConditionFails(table.put(codec.toItem(item, keyOf(item)), ITEM_ABSENT)),
    remove: (item) => table.delete(keyOf(item)),
    markRead: (item, at) =>
      unlessConditionFails(
        table.update(keyOf(item), {
          expression: "SET readAt = :at",
          values: { ":at": at },
          condition: { expression: "attribute_exists(pk) AND attribute_not_exists(readAt)" },
        }),
      ),
    list: async (tenant, user, view, page) => {
      const before = cursorSortKey(page?.cursor);
      const items = await table.query({
        partition: PARTITION_KEYS.inbox(tenant, user, view),
        ...(before === undefined ? {} : { range: { before } }),
        newestFirst: true,
        max: itemsToRead(page),
      });
      return newestFirstPage(
        items,
        page,
        (item: Item) => item[TABLE_KEYS.sort] as string,
        codec.fromItem,
      );
    },
  };
}
