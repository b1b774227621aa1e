import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { TABLE_INDEXES, TABLE_KEYS, type TableKey } from "../../core/contract/table-layout.ts";

/** A stored item, as the document client reads and writes it. */
export type Item = Record<string, unknown>;

/** A condition on a write, with the placeholders it uses. */
export interface WriteCondition {
  expression: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
}

/** An update expression and its placeholders, and the condition it is written under. */
export interface ItemUpdate {
  expression: string;
  names?: Record<string, string>;
  values: Record<string, unknown>;
  condition?: WriteCondition;
}

/** One partition read in sort-key order. */
export interface PartitionQuery {
  partition: string;
  /** Read this index instead of the table (eventually consistent). */
  index?: keyof typeof TABLE_INDEXES;
  /** Only sort keys with this prefix, or only those before this one, or from one to another (both included). */
  range?: { beginsWith: string } | { before: string } | { from: string; to: string };
  /** @default false (oldest first) */
  newestFirst?: boolean;
  /** @default every item of the partition */
  max?: number;
}

/**
 * The table as the stores use it: reads by key (strongly consistent), conditional writes that
 * throw `ConditionalCheckFailedException` when their condition fails, and queries of one
 * partition that follow DynamoDB's pages. It never scans.
 *
 * @example
 * const table = new FlowTable(client, "baton");
 * const item = await table.get(ITEM_KEYS.instance("default", "01J"));
 */
export class FlowTable {
  readonly client: DynamoDBDocumentClient;
  readonly name: string;

  constructor(client: DynamoDBDocumentClient, name: string) {
    this.client = client;
    this.name = name;
  }

  async get(key: TableKey): Promise<Item | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.name, Key: key, ConsistentRead: true }),
    );
    return Item;
  }

  async put(item: Item, condition?: WriteCondition): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.name, Item: item, ...conditionParameters(condition) }),
    );
  }

  async update(key: TableKey, update: ItemUpdate): Promise<void> {
    const names = { ...update.names, ...update.condition?.names };
    const values = { ...update.values, ...update.condition?.values };
    await this.client.send(
      new UpdateCommand({
        TableName: this.name,
        Key: key,
        UpdateExpression: update.expression,
        ...(update.condition ? { ConditionExpression: update.condition.expression } : {}),
        ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: values,
      }),
    );
  }

  async delete(key: TableKey): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.name, Key: key }));
  }

  /** Reads one partition, page after page, until `max` items or its end. */
  async query(query: PartitionQuery): Promise<Item[]> {
    const index = query.index === undefined ? undefined : TABLE_INDEXES[query.index];
    const names = index
      ? { "#pk": index.partition, "#sk": index.sort }
      : { "#pk": TABLE_KEYS.partition, "#sk": TABLE_KEYS.sort };
    const rangeCondition = keyRangeCondition(query.range);
    const items: Item[] = [];
    let start: Item | undefined;
    do {
      const remaining = query.max === undefined ? undefined : query.max - items.length;
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.name,
          ...(index ? { IndexName: index.name } : { ConsistentRead: true }),
          KeyConditionExpression: rangeCondition
            ? `#pk = :pk AND ${rangeCondition.expression}`
            : "#pk = :pk",
          ExpressionAttributeNames: rangeCondition ? names : { "#pk": names["#pk"] },
          ExpressionAttributeValues: { ":pk": query.partition, ...rangeCondition?.values },
          ScanIndexForward: !query.newestFirst,
          ...(remaining === undefined ? {} : { Limit: remaining }),
          ...(start === undefined ? {} : { ExclusiveStartKey: start }),
        }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start !== undefined && (query.max === undefined || items.length < query.max));
    return items;
  }
}

/** The key condition on the sort key of a query's range, and its values. */
function keyRangeCondition(range: PartitionQuery["range"]) {
  if (range === undefined) return undefined;
  if ("beginsWith" in range) {
    return { expression: "begins_with(#sk, :range)", values: { ":range": range.beginsWith } };
  }
  if ("before" in range) return { expression: "#sk < :range", values: { ":range": range.before } };
  return {
    expression: "#sk BETWEEN :from AND :to",
    values: { ":from": range.from, ":to": range.to },
  };
}

function conditionParameters(condition: WriteCondition | undefined) {
  if (condition === undefined) return {};
  return {
    ConditionExpression: condition.expression,
    ...(condition.names ? { ExpressionAttributeNames: condition.names } : {}),
    ...(condition.values ? { ExpressionAttributeValues: condition.values } : {}),
  };
}
