import { EXECUTION_SORT_KEY, INSTANCE_SORT_PREFIXES, TABLE_KEYS } from "./table-layout.ts";

/**
 * The records of the table's change stream that the execution-facts function is invoked for,
 * as the filter patterns of its event source mapping (Lambda's event filtering, the syntax of
 * EventBridge patterns; any one matching lets a record through):
 *
 * - `executionItems`: every change of an execution item (sort key `E`), whose `withdrawn` set
 *   the compiled machines grow;
 * - `historyInserts`: each history entry appended (an `INSERT` of a sort key `H#…`): the
 *   table's stream is AWS's outbox, and the function announces each entry (its flow event, its
 *   CC copies, the nodes skipped after it).
 *
 * No other write to the table invokes the function.
 *
 * @example
 * FilterCriteria.filter(TABLE_STREAM_FILTERS.historyInserts);
 */
export const TABLE_STREAM_FILTERS = {
  executionItems: {
    dynamodb: { Keys: { [TABLE_KEYS.sort]: { S: [EXECUTION_SORT_KEY] } } },
  },
  historyInserts: {
    eventName: ["INSERT"],
    dynamodb: {
      Keys: { [TABLE_KEYS.sort]: { S: [{ prefix: INSTANCE_SORT_PREFIXES.history }] } },
    },
  },
} as const;

/**
 * The most records of the table's stream one invocation of the execution-facts function is
 * handed: its event source mapping's batch size, and the chunk `baton stream-redrive` hands it.
 *
 * @example
 * new DynamoEventSource(table, { batchSize: TABLE_STREAM_BATCH_SIZE, … });
 */
export const TABLE_STREAM_BATCH_SIZE = 100;
