import { MetricUnit } from "@aws-lambda-powertools/metrics";
import type { AttributeValue as SdkAttributeValue } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type {
  AttributeValue,
  DynamoDBBatchResponse,
  DynamoDBRecord,
  DynamoDBStreamEvent,
} from "aws-lambda";
import { dynamoDbApprovalStore } from "../adapters/dynamodb/dynamodb-approval-store.ts";
import { dynamoDbCallbackStore } from "../adapters/dynamodb/dynamodb-callback-store.ts";
import {
  dynamoDbHistoryStore,
  historyEntryOfItem,
} from "../adapters/dynamodb/dynamodb-history-store.ts";
import { dynamoDbInboxStore } from "../adapters/dynamodb/dynamodb-inbox-store.ts";
import { dynamoDbInstanceStore } from "../adapters/dynamodb/dynamodb-instance-store.ts";
import type { Backend } from "../core/backend/backend.ts";
import {
  EXECUTION_SORT_KEY,
  INSTANCE_SORT_PREFIXES,
  instanceOfPartition,
  TABLE_KEYS,
} from "../core/contract/table-layout.ts";
import { announceChanges } from "../core/operations/announce-changes.ts";
import { withdrawNodes } from "../core/operations/withdraw-nodes.ts";
import type { InstanceRecord } from "../core/records/instance-record.ts";
import { backendFromEnv } from "./backend-from-env.ts";
import type { HandlerWiring } from "./backend-ports.ts";
import { eventBridgeBusFromEnv } from "./bus-from-env.ts";
import { meteredBackend } from "./flow-meter.ts";
import { HANDLER_METRICS } from "./flow-metric-names.ts";
import { logger, metrics } from "./observability.ts";
import { type LambdaHandler, observedHandler } from "./observed-handler.ts";
import { relayedVerdicts } from "./relayed-verdicts-from-env.ts";

function withdrawnIn(image: Record<string, AttributeValue> | undefined): string[] {
  return image?.withdrawn?.SS ?? [];
}

/**
 * Follows one record of the table's stream: the nodes an execution item's `withdrawn` set
 * gained are withdrawn; a history entry inserted is announced (`announceChanges`: its flow
 * event, its CC copies, the nodes skipped after it). Any other record passes by.
 */
async function follow(
  backend: Backend,
  record: DynamoDBRecord,
  instanceRecord: () => Promise<InstanceRecord | undefined>,
): Promise<void> {
  const keys = record.dynamodb?.Keys;
  const instance = instanceOfPartition(keys?.[TABLE_KEYS.partition]?.S ?? "");
  const sort = keys?.[TABLE_KEYS.sort]?.S ?? "";
  if (!instance) return;
  if (sort === EXECUTION_SORT_KEY) {
    const before = new Set(withdrawnIn(record.dynamodb?.OldImage));
    const added = withdrawnIn(record.dynamodb?.NewImage).filter((node) => !before.has(node));
    if (added.length === 0) return;
    await withdrawNodes(backend, instance.tenant, instance.id, added);
    metrics.addMetric(HANDLER_METRICS.nodesWithdrawn, MetricUnit.Count, added.length);
    return;
  }
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== "INSERT" || !sort.startsWith(INSTANCE_SORT_PREFIXES.history) || !image)
    return;
  const entry = historyEntryOfItem(unmarshall(image as Record<string, SdkAttributeValue>));
  const changed = await instanceRecord();
  if (!changed) {
    logger.warn("history entry of an instance without a record, not announced", {
      instance: instance.id,
      seq: entry.seq,
    });
    return;
  }
  await announceChanges(backend, changed, [entry]);
  metrics.addMetric(HANDLER_METRICS.changesAnnounced, MetricUnit.Count, 1);
}

/**
 * Follows the records of one partition (one instance) in their order, up to the first that
 * fails; answers that one (its follow-ups are tried again from it), or `undefined` when all
 * were followed. The instance record is read once, by the first history entry that needs it.
 */
async function followInOrder(
  backend: Backend,
  partition: string,
  records: readonly DynamoDBRecord[],
): Promise<DynamoDBRecord | undefined> {
  let read: Promise<InstanceRecord | undefined> | undefined;
  const instanceRecord = () => {
    const instance = instanceOfPartition(partition);
    read ??= instance && backend.stores.instances.get(instance.tenant, instance.id);
    return read ?? Promise.resolve(undefined);
  };
  for (const record of records) {
    try {
      await follow(backend, record, instanceRecord);
    } catch (error) {
      logger.error("a record of the table's stream could not be followed; tried again", {
        error,
        sequenceNumber: record.dynamodb?.SequenceNumber,
      });
      metrics.addMetric(HANDLER_METRICS.streamRecordsFailed, MetricUnit.Count, 1);
      return record;
    }
  }
  return undefined;
}

/**
 * The function behind the table's change stream (new and old images), invoked for the records
 * `TABLE_STREAM_FILTERS` lets through:
 *
 * - when a compiled machine adds nodes to an execution item's `withdrawn` set (a lost
 *   `join: any` race, a poisoned `join: all`), their approvals and callbacks close
 *   (`withdrawNodes`), so the approvers' to-do lists lose them at once rather than at their
 *   next decision;
 * - each history entry appended is announced (`announceChanges`): the table's stream is AWS's
 *   outbox, and the handlers that append do not announce (`historyStreamAnnouncer`), so a handler
 *   dying after its append loses no event, copy or skipped node.
 *
 * The records of one instance are followed in their order, the instances side by side. The
 * first record that fails is answered as the batch's failure (`batchItemFailures`, the event
 * source reporting them): the stream hands it and the records after it again, and what was
 * followed already is followed again — every follow-up is safe to repeat, and an event
 * published twice is delivered at least once.
 *
 * @example
 * export const handler = executionFactsHandler(backendFromEnv(wiring));
 */
export function executionFactsHandler(
  backend: () => Backend,
): LambdaHandler<DynamoDBStreamEvent, DynamoDBBatchResponse> {
  return observedHandler("execution-facts", async (event: DynamoDBStreamEvent) => {
    const flows = meteredBackend(backend());
    const byPartition = Object.groupBy(
      event.Records,
      (record) => record.dynamodb?.Keys?.[TABLE_KEYS.partition]?.S ?? "",
    );
    const failed = new Set(
      await Promise.all(
        Object.entries(byPartition).map(([partition, records = []]) =>
          followInOrder(flows, partition, records),
        ),
      ),
    );
    const first = event.Records.find((record) => failed.has(record));
    const sequenceNumber = first?.dynamodb?.SequenceNumber;
    return {
      batchItemFailures: sequenceNumber === undefined ? [] : [{ itemIdentifier: sequenceNumber }],
    };
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
