import { MetricUnit } from "@aws-lambda-powertools/metrics";
import type { EventBridgeEvent } from "aws-lambda";
import { sfnClient } from "../adapters/aws/sfn-client.ts";
import { SfnExecutionUsage } from "../adapters/aws/sfn-execution-usage.ts";
import { dynamoDbApprovalStore } from "../adapters/dynamodb/dynamodb-approval-store.ts";
import { dynamoDbCallbackStore } from "../adapters/dynamodb/dynamodb-callback-store.ts";
import { dynamoDbExecutionFactsStore } from "../adapters/dynamodb/dynamodb-execution-facts-store.ts";
import { dynamoDbHistoryStore } from "../adapters/dynamodb/dynamodb-history-store.ts";
import { dynamoDbInboxStore } from "../adapters/dynamodb/dynamodb-inbox-store.ts";
import { dynamoDbInstanceStore } from "../adapters/dynamodb/dynamodb-instance-store.ts";
import type { Backend } from "../core/backend/backend.ts";
import type { ExecutionInput } from "../core/contract/handler-payloads.ts";
import {
  type ExecutionChange,
  reconcileExecution,
} from "../core/operations/reconcile-execution.ts";
import type { ExecutionUsageReader } from "../core/ports/execution-usage.ts";
import type { ExecutionStatus } from "../core/ports/executions.ts";
import { backendFromEnv, tracedClients } from "./backend-from-env.ts";
import type { HandlerWiring } from "./backend-ports.ts";
import { sfnExecutionsFromEnv } from "./executions-from-env.ts";
import { meteredBackend } from "./flow-meter.ts";
import {
  executionsEndedMetric,
  FLOW_METRIC_DIMENSIONS,
  FLOW_METRICS,
  HANDLER_METRICS,
} from "./flow-metric-names.ts";
import { invocationUsage } from "./invocation-usage.ts";
import { logger, metrics } from "./observability.ts";
import { type LambdaHandler, observedHandler } from "./observed-handler.ts";
import { relayedVerdicts } from "./relayed-verdicts-from-env.ts";

/**
 * The `detail` of Step Functions' "Step Functions Execution Status Change" event, as far as
 * the reconciler reads it. `input` and `output` are the execution's input and output as JSON
 * strings; EventBridge leaves one out (`null`, `…Details.included: false`) when the event
 * would pass 256 KiB — Baton's start caps the input at 64 KiB, so the input is always there.
 * `error` and `cause` are set for FAILED, TIMED_OUT and ABORTED executions when known.
 */
export interface ExecutionStatusChangeDetail {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus | "PENDING_REDRIVE";
  startDate: number;
  stopDate: number | null;
  input: string | null;
  inputDetails?: { included: boolean };
  output: string | null;
  outputDetails?: { included: boolean };
  error: string | null;
  cause: string | null;
}

/** The event EventBridge delivers for an execution's status change (`source: aws.states`). */
export type ExecutionStatusChangeEvent = EventBridgeEvent<
  "Step Functions Execution Status Change",
  ExecutionStatusChangeDetail
>;

/** The instance an execution runs, read from its input's `instance`. */
function instanceOf(detail: ExecutionStatusChangeDetail): ExecutionInput["instance"] {
  if (detail.input === null) {
    throw new TypeError(`the event of ${detail.executionArn} carries no input`);
  }
  const input = JSON.parse(detail.input) as Partial<ExecutionInput>;
  const instance = input.instance;
  if (typeof instance?.tenant !== "string" || typeof instance.id !== "string") {
    throw new TypeError(`the input of ${detail.executionArn} names no instance`);
  }
  return instance;
}

/** The change to reconcile, or undefined while the execution has not ended. */
function changeOf(detail: ExecutionStatusChangeDetail): ExecutionChange | undefined {
  if (detail.status === "RUNNING" || detail.status === "PENDING_REDRIVE") return undefined;
  const { tenant, id } = instanceOf(detail);
  const cause = [detail.error, detail.cause].filter((part) => part).join(": ");
  return {
    tenant,
    instanceId: id,
    status: detail.status,
    ...(cause === "" ? {} : { cause }),
    ...(detail.status === "SUCCEEDED" && detail.output !== null
      ? { output: JSON.parse(detail.output) as ExecutionChange["output"] }
      : {}),
  };
}

/**
 * The reconciler function: the target of an EventBridge rule on Step Functions' "Step
 * Functions Execution Status Change" events of Baton's state machines. When an execution has
 * ended — SUCCEEDED, FAILED, TIMED_OUT or ABORTED; RUNNING and PENDING_REDRIVE are ignored —
 * it finds the instance from the execution's input (`detail.input`, a JSON string, field
 * `instance`) and ends it with {@link reconcileExecution}, so that no instance stays
 * `running` because its execution died. Reconciling twice changes nothing. An event without
 * the input, or whose input names no instance, raises an error (Lambda retries the
 * asynchronous invocation, then sends it to the function's failure destination).
 *
 * When this reconciling ended the instance (its `flow.ended` was recorded here), the
 * execution's usage — state transitions and the machine's own DynamoDB writes, from its history —
 * is published for the instance's template (`StateTransitions`, `DynamoDbWrites`): once per
 * instance, never for one that had ended already. A history that cannot be read is logged as a
 * warning; the instance is ended all the same.
 *
 * @example
 * const handler = reconcilerHandler(() => backend, () => new SfnExecutionUsage(sfn));
 * await handler(statusChangeEvent, context);
 *
 * @param usage - reads an ended execution's usage. @default none: no usage is published
 */
export function reconcilerHandler(
  backend: () => Backend,
  usage: () => ExecutionUsageReader | undefined = () => undefined,
): LambdaHandler<ExecutionStatusChangeEvent, void> {
  return observedHandler("reconciler", async (event: ExecutionStatusChangeEvent) => {
    const change = changeOf(event.detail);
    if (!change) {
      logger.debug("execution still running", { status: event.detail.status });
      metrics.addMetric(HANDLER_METRICS.executionEventsSkipped, MetricUnit.Count, 1);
      return;
    }
    await reconcileExecution(meteredBackend(backend()), change);
    metrics.addMetric(executionsEndedMetric(change.status), MetricUnit.Count, 1);
    const template = invocationUsage.endedTemplate(change.instanceId);
    const reader = usage();
    if (template !== undefined && reader) {
      await publishExecutionUsage(reader, event.detail.executionArn, template);
    }
  });
}

/** Publishes an ended execution's transitions and the machine's writes for its template. */
async function publishExecutionUsage(
  reader: ExecutionUsageReader,
  executionArn: string,
  template: string,
): Promise<void> {
  let read: Awaited<ReturnType<ExecutionUsageReader["read"]>>;
  try {
    read = await reader.read(executionArn);
  } catch (error) {
    logger.warn("the ended execution's usage could not be read", {
      template,
      error: error instanceof Error ? error.name : String(error),
    });
    return;
  }
  const figures: [string, number][] = [
    [FLOW_METRICS.stateTransitions, read.stateTransitions],
    [FLOW_METRICS.dynamoDbWrites, read.dynamoDbWrites],
  ];
  for (const [name, value] of figures) {
    const single = metrics.singleMetric();
    single.addDimension(FLOW_METRIC_DIMENSIONS.template, template);
    single.addMetric(name, MetricUnit.Count, value);
  }
}

let sfnUsage: SfnExecutionUsage | undefined;

/** The usage reader of the function's environment: the backend's Step Functions client. */
function usageFromEnv(): ExecutionUsageReader {
  sfnUsage ??= new SfnExecutionUsage(tracedClients(sfnClient));
  return sfnUsage;
}

/**
 * The AWS ports and stores the reconciler function's code calls (its `HANDLER_ACCESS` row), and how each is made:
 * its bundle loads the DynamoDB, Lambda and Step Functions clients only.
 */
export const wiring: HandlerWiring = {
  handler: "reconciler",
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
export const handler = reconcilerHandler(backendFromEnv(wiring), usageFromEnv);
