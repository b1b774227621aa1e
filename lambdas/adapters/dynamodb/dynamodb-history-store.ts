import {
  INSTANCE_SORT_PREFIXES,
  ITEM_KEYS,
  PARTITION_KEYS,
} from "../../core/contract/table-layout.ts";
import type { HistoryStore } from "../../core/ports/history-store.ts";
import type { HistoryEntry } from "../../core/records/history-entry.ts";
import type { FlowTable, Item } from "./flow-table.ts";
import { recordCodec } from "./record-codec.ts";
import { ITEM_ABSENT } from "./write-conditions.ts";
import { writeOrConflict } from "./write-or-conflict.ts";

const codec = recordCodec<HistoryEntry>(["detail"]);

/**
 * The history entry an item of the table holds, as the change stream's image of an inserted
 * `H#{seq}` item carries it (unmarshalled): the layout is this store's.
 *
 * @example
 * const entry = historyEntryOfItem(unmarshall(record.dynamodb.NewImage));
 */
export function historyEntryOfItem(item: Item): HistoryEntry {
  return codec.fromItem(item);
}

/**
 * An instance's history on the table, in its partition (`H#{seq}`, zero-padded so that the
 * sort key orders the chain). `append` writes `H#{seq}` only if absent; the loser of a race
 * gets the conflict with the chain's new last entry.
 *
 * @example
 * const history = dynamoDbHistoryStore(new FlowTable(client, "baton"));
 * const entries = await history.list("default", "01J");
 */
export function dynamoDbHistoryStore(table: FlowTable): HistoryStore {
  const partition = (tenant: string, instanceId: string) =>
    PARTITION_KEYS.instance(tenant, instanceId);
  const last = async (tenant: string, instanceId: string) => {
    const [item] = await table.query({
      partition: partition(tenant, instanceId),
      range: { beginsWith: INSTANCE_SORT_PREFIXES.history },
      newestFirst: true,
      max: 1,
    });
    return item && codec.fromItem(item);
  };
  return {
    append: (entry) =>
      writeOrConflict(
        "history entry",
        table.put(
          codec.toItem(entry, ITEM_KEYS.history(entry.tenant, entry.instanceId, entry.seq)),
          ITEM_ABSENT,
        ),
        () => last(entry.tenant, entry.instanceId),
      ),
    last,
    list: async (tenant, instanceId) => {
      const items = await table.query({
        partition: partition(tenant, instanceId),
        range: { beginsWith: INSTANCE_SORT_PREFIXES.history },
      });
      return items.map(codec.fromItem);
    },
  };
}
