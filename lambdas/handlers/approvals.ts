import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { dynamoDbApprovalStore } from "../adapters/dynamodb/dynamodb-approval-store.ts";
import { dynamoDbHistoryStore } from "../adapters/dynamodb/dynamodb-history-store.ts";
import { dynamoDbInboxStore } from "../adapters/dynamodb/dynamodb-inbox-store.ts";
import { dynamoDbInstanceStore } from "../adapters/dynamodb/dynamodb-instance-store.ts";
import type { Backend } from "../core/backend/backend.ts";
import { type ApprovalsPayload, isCloseRequest } from "../core/contract/handler-payloads.ts";
import { closeTimedOutApproval } from "../core/operations/close-timed-out-approval.ts";
import { openApproval } from "../core/operations/open-approval.ts";
import { backendFromEnv } from "./backend-from-env.ts";
import type { HandlerWiring } from "./backend-ports.ts";
import { meteredBackend } from "./flow-meter.ts";
import { HANDLER_METRICS } from "./flow-metric-names.ts";
import { metrics } from "./observability.ts";
import { type LambdaHandler, observedHandler } from "./observed-handler.ts";
import { relayedVerdicts } from "./relayed-verdicts-from-env.ts";
import { eventBridgeSchedulerFromEnv } from "./scheduler-from-env.ts";

/**
 * The approvals function. Invoked by a compiled machine's approval Task
 * (`lambda:invoke.waitForTaskToken`) with an {@link ApprovalsPayload} carrying the task
 * token: opens the approval ({@link openApproval}) and returns; the state stays parked until
 * a decision resumes the token. Invoked by the timeout path (`lambda:invoke`) with
 * `{ close: "timedOut" }`: closes the approval ({@link closeTimedOutApproval}) and answers the
 * node's output (the decisions on the record and `timedOut: true`). Otherwise answers `{}`.
 * Raises `Baton.NoApprovers` when the approvers resolve to nobody.
 *
 * @example
 * const handler = approvalsHandler(() => backend);
 * await handler({ token, instance: { tenant: "default", id }, node: "lead" }, context);
 */
export function approvalsHandler(
  backend: () => Backend,
): LambdaHandler<ApprovalsPayload, Record<string, unknown>> {
  return observedHandler("approvals", async (payload: ApprovalsPayload) => {
    if (isCloseRequest(payload)) {
      const output = await closeTimedOutApproval(meteredBackend(backend()), payload);
      metrics.addMetric(HANDLER_METRICS.approvalsTimedOut, MetricUnit.Count, 1);
      return output;
    }
    await openApproval(meteredBackend(backend()), payload);
    return {};
  });
}

/**
 * The AWS ports and stores the approvals function's code calls (its `HANDLER_ACCESS` row), and how each is made:
 * its bundle loads the DynamoDB, Lambda and Scheduler clients only.
 */
export const wiring: HandlerWiring = {
  handler: "approvals",
  keys: [],
  ports: {
    verdicts: relayedVerdicts,
    scheduler: eventBridgeSchedulerFromEnv,
  },
  stores: {
    instances: dynamoDbInstanceStore,
    approvals: dynamoDbApprovalStore,
    history: dynamoDbHistoryStore,
    inbox: dynamoDbInboxStore,
  },
};

/** The Lambda entry point, on the backend of the function's environment. */
export const handler = approvalsHandler(backendFromEnv(wiring));
