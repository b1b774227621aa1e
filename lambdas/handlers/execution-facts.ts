import { MetricUnit } from "@aws-lambda-powertools/metrics";
import type { AttributeValue, DynamoDBStreamEvent } from "aws-lambda";
import { dynamoDbApprovalStore } from "../adapters/dynamodb/dynamodb-approval-store.ts";
import { dynamoDbCallbackStore } from "../adapters/dynamodb/dynamodb-callback-store.ts";
import { dynamoDbHistoryStore } from "../adapters/dynamodb/dynamodb-history-store.ts";
import { dynamoDbInboxStore } from "../adapters/dynamodb/dynamodb-inbox-store.ts";
import { dynamoDbInstanceStore } from "../adapters/dynamodb/dynamodb-instance-store.ts";
import type { Backend } from "../core/backend/backend.ts";
import {
  EXECUTION_SORT_KEY,
  instanceOfPartition,
  TABLE_KEYS,
} from "../core/contract/table-layout.ts";
import { withdrawNodes } from "../core/operations/withdraw-nodes.ts";
import { backendFromEnv } from "./backend-from-env.ts";
import type { HandlerWiring } from "./backend-ports.ts";
import { eventBridgeBusFromEnv } from "./bus-from-env.ts";
import { meteredBackend } from "./flow-meter.ts";
import { HANDLER_METRICS } from "./flow-metric-names.ts";
import { metrics } from "./observability.ts";
import { type LambdaHandler, observedHandler } from "./observed-handler.ts";
import { relayedVerdicts } from "./relayed-verdicts-from-env.ts";

function withdrawnIn(image: Record<string, AttributeValue> | undefined): string[] {
  return image?.withdrawn?.SS ?? [];
}

/**
 * The function behind the table's change stream (new and old images): when a compiled
 * machine adds nodes to an execution item's `withdrawn` set (a lost `join: any` race, a
 * poisoned `join: all`), their approvals and callbacks close (`withdrawNodes`), so the
 * approvers' to-do lists lose them at once rather than at their next decision. Other items
 * and other changes pass by.
 *
 * @example
 * export const handler = executionFactsHandler(backendFromEnv(wiring));
 */
export function executionFactsHandler(
  backend: () => Backend,
): LambdaHandler<DynamoDBStreamEvent, void> {
  return observedHandler("execution-facts", async (event: DynamoDBStreamEvent) => {
    for (const record of event.Records) {
      const keys = record.dynamodb?.Keys;
      const instance = instanceOfPartition(keys?.[TABLE_KEYS.partition]?.S ?? "");
      if (!instance || keys?.[TABLE_KEYS.sort]?.S !== EXECUTION_SORT_KEY) continue;
      const before = new Set(withdrawnIn(record.dynamodb?.OldImage));
      const added = withdrawnIn(record.dynamodb?.NewImage).filter((node) => !before.has(node));
      if (added.length === 0) continue;
      await withdrawNodes(meteredBackend(backend()), instance.tenant, instance.id, added);
      metrics.addMetric(HANDLER_METRICS.nodesWithdrawn, MetricUnit.Count, added.length);
    }
  });
}

/**
 * The AWS ports and stores the execution-facts function's code calls (its `HANDLER_ACCESS` row), and how each is made:
 * its bundle loads the DynamoDB, EventBridge and Lambda clients only.
 */
export const wiring: HandlerWiring = {
  handler: "execution-facts",
  keys: [],
  ports: { verdicts: relayedVerdicts, bus: eventBridgeBusFromEnv },
  stores: {
    instances: dynamoDbInstanceStore,
    approvals: dynamoDbApprovalStore,
    history: dynamoDbHistoryStore,
    inbox: dynamoDbInboxStore,
    callbacks: dynamoDbCallbackStore,
  },
};

/** The Lambda entry point, on the backend of the function's environment. */
export const handler = executionFactsHandler(backendFromEnv(wiring));
