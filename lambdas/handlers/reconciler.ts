import { MetricUnit } from "@aws-lambda-powertools/metrics";
import type { EventBridgeEvent } from "aws-lambda";
import type { Backend } from "../core/backend/backend.ts";
import type { ExecutionInput } from "../core/contract/handler-payloads.ts";
import {
  type ExecutionChange,
  reconcileExecution,
} from "../core/operations/reconcile-execution.ts";
import type { ExecutionStatus } from "../core/ports/executions.ts";
import { backendFromEnv } from "./backend-from-env.ts";
import { logger, metrics } from "./observability.ts";
import { type LambdaHandler, observedHandler } from "./observed-handler.ts";

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
 * @example
 * const handler = reconcilerHandler(() => backend);
 * await handler(statusChangeEvent, context);
 */
export function reconcilerHandler(
  backend: () => Backend,
): LambdaHandler<ExecutionStatusChangeEvent, void> {
  return observedHandler("reconciler", async (event: ExecutionStatusChangeEvent) => {
    const change = changeOf(event.detail);
    if (!change) {
      logger.debug("execution still running", { status: event.detail.status });
      metrics.addMetric("ExecutionEventsSkipped", MetricUnit.Count, 1);
      return;
    }
    await reconcileExecution(backend(), change);
    metrics.addMetric(`Executions${change.status}`, MetricUnit.Count, 1);
  });
}

/** The Lambda entry point, on the backend of the function's environment. */
export const handler = reconcilerHandler(backendFromEnv);
