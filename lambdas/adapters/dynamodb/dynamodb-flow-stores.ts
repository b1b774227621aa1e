import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Clock } from "../../core/ports/clock.ts";
import type { FlowStores } from "../../core/ports/flow-stores.ts";
import { dynamoDbApprovalStore } from "./dynamodb-approval-store.ts";
import { dynamoDbCallbackStore } from "./dynamodb-callback-store.ts";
import { dynamoDbExecutionFactsStore } from "./dynamodb-execution-facts-store.ts";
import { dynamoDbHistoryStore } from "./dynamodb-history-store.ts";
import { dynamoDbIdempotencyStore } from "./dynamodb-idempotency-store.ts";
import { dynamoDbInboxStore } from "./dynamodb-inbox-store.ts";
import { dynamoDbInstanceStore } from "./dynamodb-instance-store.ts";
import { dynamoDbLinkStore } from "./dynamodb-link-store.ts";
import { FlowTable } from "./flow-table.ts";

/** The table {@link dynamoDbFlowStores} keeps everything in. */
export interface DynamoDbFlowStoresOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /**
   * The time idempotency keys are claimed at (their TTL counts from it).
   *
   * @default the system clock
   */
  clock?: Clock;
}

/**
 * Every store of the data model on one DynamoDB table (docs/data-model.md). Writes are
 * conditional and a lost condition throws `WriteConflictError` with the item as it now
 * stands; listings are queries of one partition (per shard for a template's instances),
 * never scans.
 *
 * @example
 * const client = dynamoDbDocumentClient({ endpoint: process.env.AWS_ENDPOINT_URL });
 * const stores = dynamoDbFlowStores({ client, tableName: "baton" });
 * await stores.instances.create(record);
 */
export function dynamoDbFlowStores(options: DynamoDbFlowStoresOptions): FlowStores {
  const table = new FlowTable(options.client, options.tableName);
  return {
    instances: dynamoDbInstanceStore(table),
    executionFacts: dynamoDbExecutionFactsStore(table),
    approvals: dynamoDbApprovalStore(table),
    history: dynamoDbHistoryStore(table),
    inbox: dynamoDbInboxStore(table),
    links: dynamoDbLinkStore(table),
    callbacks: dynamoDbCallbackStore(table),
    idempotency: dynamoDbIdempotencyStore(table, options.clock ?? { now: () => new Date() }),
  };
}
