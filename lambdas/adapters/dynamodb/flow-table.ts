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
  /** Read the `byTemplate` index instead of the table. */
  byTemplate?: boolean;
  /** Only sort keys with this prefix, or only those before this one. */
  range?: { beginsWith: string } | { before: string };
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
    const index = TABLE_INDEXES.byTemplate;
    const names = query.byTemplate
      ? { "#pk": index.partition, "#sk": index.sort }
      : { "#pk": TABLE_KEYS.partition, "#sk": TABLE_KEYS.sort };
    const range = query.range;
    const rangeCondition =
      range === undefined
        ? undefined
        : "beginsWith" in range
          ? { expression: "begins_with(#sk, :range)", value: range.beginsWith }
          : { expression: "#sk < :range", value: range.before };
    const items: Item[] = [];
    let start: Item | undefined;
    do {
      const remaining = query.max === undefined ? undefined : query.max - items.length;
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.name,
          ...(query.byTemplate ? { IndexName: index.name } : { ConsistentRead: true }),
          KeyConditionExpression: rangeCondition
            ? `#pk = :pk AND ${rangeCondition.expression}`
            : "#pk = :pk",
          ExpressionAttributeNames: rangeCondition ? names : { "#pk": names["#pk"] },
          ExpressionAttributeValues: {
            ":pk": query.partition,
            ...(rangeCondition ? { ":range": rangeCondition.value } : {}),
          },
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

function conditionParameters(condition: WriteCondition | undefined) {
  if (condition === undefined) return {};
  return {
    ConditionExpression: condition.expression,
    ...(condition.names ? { ExpressionAttributeNames: condition.names } : {}),
    ...(condition.values ? { ExpressionAttributeValues: condition.values } : {}),
  };
}
