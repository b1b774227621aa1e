import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from "aws-lambda";
import { secretsManagerSource } from "../adapters/aws/secrets-manager-source.ts";
import { dynamoDbApprovalStore } from "../adapters/dynamodb/dynamodb-approval-store.ts";
import { dynamoDbCallbackStore } from "../adapters/dynamodb/dynamodb-callback-store.ts";
import { dynamoDbExecutionFactsStore } from "../adapters/dynamodb/dynamodb-execution-facts-store.ts";
import { dynamoDbHistoryStore } from "../adapters/dynamodb/dynamodb-history-store.ts";
import { dynamoDbIdempotencyStore } from "../adapters/dynamodb/dynamodb-idempotency-store.ts";
import { dynamoDbInboxStore } from "../adapters/dynamodb/dynamodb-inbox-store.ts";
import { dynamoDbInstanceStore } from "../adapters/dynamodb/dynamodb-instance-store.ts";
import { randomIds } from "../adapters/random-ids.ts";
import { createJsonApiApp } from "../api/create-json-api-app.ts";
import type { IdentityResolver } from "../api/identity.ts";
import type { Backend } from "../core/backend/backend.ts";
import type { VerdictRelayAnswer } from "../core/contract/verdict-relay.ts";
import { deliverRecordedVerdict } from "../core/operations/deliver-recorded-verdict.ts";
import { isRecord } from "../core/validation/template-view.ts";
import { backendFromEnv, signingKeysFromSecrets } from "./backend-from-env.ts";
import type { HandlerWiring } from "./backend-ports.ts";
import { bundledSchemaValidators } from "./bundled-schema-validators.ts";
import { directVerdicts } from "./direct-verdicts-from-env.ts";
import { sfnExecutionsFromEnv } from "./executions-from-env.ts";
import { meteredBackend } from "./flow-meter.ts";
import { httpAppHandler } from "./http-app-handler.ts";
import { identityFromEnv } from "./identity-from-env.ts";
import { logger } from "./observability.ts";
import { observedHandler } from "./observed-handler.ts";
import { sfnTaskResultsFromEnv } from "./task-results-from-env.ts";

/**
 * What the API function serves: API Gateway's requests, and verdicts relayed by the functions
 * that may not send task results (any event that is not API Gateway's is read as one).
 */
type ApiFunctionHandler = (
  event: APIGatewayProxyEventV2 | Record<string, unknown>,
  context: Context,
) => Promise<APIGatewayProxyResultV2 | VerdictRelayAnswer>;

/** Whether an event is API Gateway's (HTTP API, payload 2.0). */
function isHttpApiEvent(event: unknown): event is APIGatewayProxyEventV2 {
  return isRecord(event) && event.version === "2.0" && isRecord(event.requestContext);
}

/**
 * The JSON API on API Gateway (HTTP API, payload v2): the `hono` app of the JSON API
 * (`createJsonApiApp`; the pages are the pages function's), built once per execution
 * environment on the function's backend (metered: `meteredBackend`) and identity, its
 * unexpected errors logged through the redacting Powertools logger. Each request's usage is
 * published for the templates it served (`InvocationUsage`).
 *
 * Any other event is a relayed verdict (`VerdictRelayRequest`, from the functions that may not
 * send task results): it never reaches the HTTP app, {@link deliverRecordedVerdict} answers it
 * (delivered, gone or refused) and a refusal is logged as a warning with its problem, which
 * names no token.
 *
 * @example
 * export const handler = apiHandler(backendFromEnv(wiring), () => identityFromEnv(process.env));
 */
export function apiHandler(
  backend: () => Backend,
  identity: () => IdentityResolver,
): ApiFunctionHandler {
  // Observed as the other handlers' work is: its errors logged redacted and counted.
  const relay = observedHandler("verdict-relay", async (event: unknown) => {
    const answer = await deliverRecordedVerdict(meteredBackend(backend()), event);
    if (answer.outcome === "refused") logger.warn("verdict relay refused", { answer });
    return answer;
  });
  // A relay before (observedHandler) left its request and handler on the shared logger:
  // httpAppHandler enters each request anew.
  const http = httpAppHandler("api", () =>
    createJsonApiApp(meteredBackend(backend()), {
      identity: identity(),
      log: (entry) => logger.error("api", { entry }),
    }),
  );
  return async (event, context) =>
    isHttpApiEvent(event) ? http(event, context) : relay(event, context);
}

/**
 * The AWS ports and stores the api function's code calls (its `HANDLER_ACCESS` row), and how each is made:
 * it sends verdicts itself; its bundle loads the DynamoDB and Step Functions
 * clients only, and checks schemas only with the validators compiled into it at build time
 * (no Ajv compiler: a schema it was not built with is refused, `SchemaNotCompiledError`).
 */
export const wiring: HandlerWiring = {
  handler: "api",
  keys: ["callback", "link", "audit"],
  ports: {
    tasks: sfnTaskResultsFromEnv,
    verdicts: directVerdicts,
    executions: sfnExecutionsFromEnv,
  },
  stores: {
    instances: dynamoDbInstanceStore,
    executionFacts: dynamoDbExecutionFactsStore,
    approvals: dynamoDbApprovalStore,
    history: dynamoDbHistoryStore,
    inbox: dynamoDbInboxStore,
    callbacks: dynamoDbCallbackStore,
    idempotency: dynamoDbIdempotencyStore,
  },
  ids: randomIds,
  schemas: () => bundledSchemaValidators(),
};

/**
 * The signing keys the api wires (`wiring.keys`) kept in Secrets Manager, read at cold start:
 * this module's top-level await runs in Lambda's init phase, before the first invocation (a
 * failed read, or a key too short, fails the init, which Lambda runs again for the next
 * invocation). Empty where the keys are plain variables, as in tests, LocalStack and the bench:
 * then nothing is read and the SDK's Secrets Manager module is not loaded.
 */
const keysFromSecrets = await signingKeysFromSecrets(process.env, wiring.keys, () =>
  secretsManagerSource(),
);

/** The Lambda entry point, on the backend and identity of the function's environment. */
export const handler = apiHandler(backendFromEnv(wiring, keysFromSecrets), () =>
  identityFromEnv(process.env),
);
