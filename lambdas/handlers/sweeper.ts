import { MetricUnit } from "@aws-lambda-powertools/metrics";
import type { ScheduledEvent } from "aws-lambda";
import { dynamoDbApprovalStore } from "../adapters/dynamodb/dynamodb-approval-store.ts";
import { dynamoDbCallbackStore } from "../adapters/dynamodb/dynamodb-callback-store.ts";
import { dynamoDbExecutionFactsStore } from "../adapters/dynamodb/dynamodb-execution-facts-store.ts";
import { dynamoDbHistoryStore } from "../adapters/dynamodb/dynamodb-history-store.ts";
import { dynamoDbInboxStore } from "../adapters/dynamodb/dynamodb-inbox-store.ts";
import { dynamoDbInstanceStore } from "../adapters/dynamodb/dynamodb-instance-store.ts";
import type { Backend } from "../core/backend/backend.ts";
import {
  type SweepOptions,
  type SweepResult,
  sweepInstances,
} from "../core/operations/sweep-instances.ts";
import { backendFromEnv } from "./backend-from-env.ts";
import type { HandlerWiring } from "./backend-ports.ts";
import { sfnExecutionsFromEnv } from "./executions-from-env.ts";
import { meteredBackend } from "./flow-meter.ts";
import { HANDLER_METRICS } from "./flow-metric-names.ts";
import { logger, metrics } from "./observability.ts";
import { type LambdaHandler, observedHandler } from "./observed-handler.ts";
import { relayedVerdicts } from "./relayed-verdicts-from-env.ts";

/**
 * The sweeper function, run on a schedule (EventBridge Scheduler; the event is not read): one
 * {@link sweepInstances} per invocation, so that an instance whose execution's status-change
 * event was lost, or whose closing broke off, is settled all the same. A run stopped at its
 * page budget leaves a cursor, and the next invocation of the same execution environment goes
 * on from it; a cold start begins again at the oldest. Answers what it did; logs the instances
 * it could not settle (tenant, id and the error's type) as a warning.
 *
 * @example
 * export const handler = sweeperHandler(backendFromEnv(wiring), { graceMs: 10 * 60 * 1000 });
 *
 * @param options - how each run sweeps, but for its cursor. @default the sweep's defaults
 */
export function sweeperHandler(
  backend: () => Backend,
  options: Omit<SweepOptions, "cursor"> = {},
): LambdaHandler<ScheduledEvent | Record<string, never>, SweepResult> {
  let cursor: string | undefined;
  return observedHandler("sweeper", async () => {
    const result = await sweepInstances(meteredBackend(backend()), {
      ...options,
      ...(cursor === undefined ? {} : { cursor }),
    });
    cursor = result.cursor;
    metrics.addMetric(HANDLER_METRICS.sweepVisited, MetricUnit.Count, result.visited);
    metrics.addMetric(HANDLER_METRICS.sweepReconciled, MetricUnit.Count, result.reconciled);
    metrics.addMetric(HANDLER_METRICS.sweepClosed, MetricUnit.Count, result.closed);
    metrics.addMetric(HANDLER_METRICS.sweepFailed, MetricUnit.Count, result.failed.length);
    if (result.failed.length > 0) {
      logger.warn("instances the sweep could not settle", { failed: result.failed });
    }
    const { failed: _failed, ...counts } = result;
    logger.info("swept", counts);
    return result;
  });
}

/**
 * The AWS ports and stores the sweeper function's code calls (its `HANDLER_ACCESS` row), and how each is made:
 * its bundle loads the DynamoDB, Lambda and Step Functions clients only.
 */
export const wiring: HandlerWiring = {
  handler: "sweeper",
  keys: [],
  ports: {
    verdicts: relayedVerdicts,
    executions: sfnExecutionsFromEnv,
  },
  stores: {
    instances: dynamoDbInstanceStore,
    executionFacts: dynamoDbExecutionFactsStore,
    approvals: dynamoDbApprovalStore,
    history: dynamoDbHistoryStore,
    inbox: dynamoDbInboxStore,
    callbacks: dynamoDbCallbackStore,
  },
};

/** The Lambda entry point, on the backend of the function's environment. */
export const handler = sweeperHandler(backendFromEnv(wiring));
