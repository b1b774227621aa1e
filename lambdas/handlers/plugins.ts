import { dynamoDbApprovalStore } from "../adapters/dynamodb/dynamodb-approval-store.ts";
import { dynamoDbCallbackStore } from "../adapters/dynamodb/dynamodb-callback-store.ts";
import { dynamoDbHistoryStore } from "../adapters/dynamodb/dynamodb-history-store.ts";
import { dynamoDbInstanceStore } from "../adapters/dynamodb/dynamodb-instance-store.ts";
import { randomIds } from "../adapters/random-ids.ts";
import type { Backend } from "../core/backend/backend.ts";
import type { PluginRequest } from "../core/contract/handler-payloads.ts";
import { callPlugin } from "../core/operations/call-plugin.ts";
import { backendFromEnv } from "./backend-from-env.ts";
import type { HandlerWiring } from "./backend-ports.ts";
import { meteredBackend } from "./flow-meter.ts";
import { type LambdaHandler, observedHandler } from "./observed-handler.ts";
import { lambdaPluginsFromEnv } from "./plugins-from-env.ts";
import { eventBridgeSchedulerFromEnv } from "./scheduler-from-env.ts";

/**
 * The plugins function. Invoked by a compiled machine's task node with a
 * {@link PluginRequest}: `lambda:invoke` for a `sync` task (the answer is the plugin's output,
 * the node's output), `lambda:invoke.waitForTaskToken` with the token for a `callback` task
 * (the plugin gets a callback id instead; the answer is ignored). Calls the plugin through
 * {@link callPlugin} on the metered backend (each call counted as `PluginCalls` of its template
 * and plugin, a failure as `PluginFailures`). Raises `Baton.TaskFailed` when the plugin reported failure (cause: its
 * output as JSON; the machine's `Catch` records the node `failed`) and `Baton.PluginError`
 * when it could not be called (the task's `retry` policy retries it).
 *
 * @example
 * const handler = pluginsHandler(() => backend);
 * const output = await handler({ plugin: "erp.pay", node: "pay", instance, input, nodes: {} }, context);
 */
export function pluginsHandler(
  backend: () => Backend,
): LambdaHandler<PluginRequest, Record<string, unknown>> {
  return observedHandler("plugins", async (request: PluginRequest) => {
    return callPlugin(meteredBackend(backend()), request);
  });
}

/**
 * The AWS ports and stores the plugins function's code calls (its `HANDLER_ACCESS` row), and how each is made:
 * its bundle loads the DynamoDB, Lambda and Scheduler clients only.
 */
export const wiring: HandlerWiring = {
  handler: "plugins",
  keys: [],
  ports: {
    plugins: lambdaPluginsFromEnv,
    scheduler: eventBridgeSchedulerFromEnv,
  },
  stores: {
    instances: dynamoDbInstanceStore,
    approvals: dynamoDbApprovalStore,
    history: dynamoDbHistoryStore,
    callbacks: dynamoDbCallbackStore,
  },
  ids: randomIds,
};

/** The Lambda entry point, on the backend of the function's environment. */
export const handler = pluginsHandler(backendFromEnv(wiring));
