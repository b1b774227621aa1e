import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from "aws-lambda";
import { handle } from "hono/aws-lambda";
import { secretsManagerSource } from "../adapters/aws/secrets-manager-source.ts";
import { dynamoDbApprovalStore } from "../adapters/dynamodb/dynamodb-approval-store.ts";
import { dynamoDbCallbackStore } from "../adapters/dynamodb/dynamodb-callback-store.ts";
import { dynamoDbExecutionFactsStore } from "../adapters/dynamodb/dynamodb-execution-facts-store.ts";
import { dynamoDbHistoryStore } from "../adapters/dynamodb/dynamodb-history-store.ts";
import { dynamoDbIdempotencyStore } from "../adapters/dynamodb/dynamodb-idempotency-store.ts";
import { dynamoDbInboxStore } from "../adapters/dynamodb/dynamodb-inbox-store.ts";
import { dynamoDbInstanceStore } from "../adapters/dynamodb/dynamodb-instance-store.ts";
import { dynamoDbLinkStore } from "../adapters/dynamodb/dynamodb-link-store.ts";
import { randomIds } from "../adapters/random-ids.ts";
import { createApiApp } from "../api/create-api-app.ts";
import type { IdentityResolver } from "../api/identity.ts";
import { type PageAssets, pageAssetsOnce } from "../api/pages/page-assets.ts";
import type { PageSignIn } from "../api/pages/page-sign-in.ts";
import type { Backend } from "../core/backend/backend.ts";
import type { VerdictRelayAnswer } from "../core/contract/verdict-relay.ts";
import { deliverRecordedVerdict } from "../core/operations/deliver-recorded-verdict.ts";
import { isRecord } from "../core/validation/template-view.ts";
import { backendFromEnv, signingKeysFromSecrets } from "./backend-from-env.ts";
import type { HandlerWiring } from "./backend-ports.ts";
import { directVerdicts } from "./direct-verdicts-from-env.ts";
import { sfnExecutionsFromEnv } from "./executions-from-env.ts";
import { meteredBackend } from "./flow-meter.ts";
import { identityFromEnv } from "./identity-from-env.ts";
import { invocationUsage } from "./invocation-usage.ts";
import { logger } from "./observability.ts";
import { enterInvocation, observedHandler } from "./observed-handler.ts";
import { pageAssetsFromEnv } from "./page-assets-from-env.ts";
import { pageSignInFromEnv, signInSecretsFromSecrets } from "./sign-in-from-env.ts";
import { sfnTaskResultsFromEnv } from "./task-results-from-env.ts";

type ApiHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyResultV2>;

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
 * The HTTP API on API Gateway (HTTP API, payload v2): the one `hono` app of the API and the
 * approval-link pages, built once per execution environment on the function's backend (metered:
 * `meteredBackend`) and identity, its unexpected errors logged through the redacting Powertools
 * logger. Each request's usage is published for the templates it served (`InvocationUsage`).
 * With `signIn`, people sign in to the pages with the OpenID provider (`PageSignIn`).
 *
 * Any other event is a relayed verdict (`VerdictRelayRequest`, from the functions that may not
 * send task results): it never reaches the HTTP app, {@link deliverRecordedVerdict} answers it
 * (delivered, gone or refused) and a refusal is logged as a warning with its problem, which
 * names no token.
 *
 * @example
 * export const handler = apiHandler(backendFromEnv(wiring), () => identityFromEnv(process.env));
 *
 * @param signIn - the pages' sign-in. @default none: the pages take `identity`
 * @param pageAssets - the pages' scripts and stylesheets, read once. @default from the
 *   function's environment (`pageAssetsFromEnv`)
 */
export function apiHandler(
  backend: () => Backend,
  identity: () => IdentityResolver,
  signIn: () => PageSignIn | undefined = () => undefined,
  pageAssets: () => Promise<PageAssets> = pageAssetsOnce(pageAssetsFromEnv(process.env)),
): ApiFunctionHandler {
  let served: ApiHandler | undefined;
  // Observed as the other handlers' work is: its errors logged redacted and counted.
  const relay = observedHandler("verdict-relay", async (event: unknown) => {
    const answer = await deliverRecordedVerdict(meteredBackend(backend()), event);
    if (answer.outcome === "refused") logger.warn("verdict relay refused", { answer });
    return answer;
  });
  return async (event, context) => {
    if (!isHttpApiEvent(event)) return relay(event, context);
    // A relay before (observedHandler) left its request and handler on the shared logger.
    enterInvocation("api", context);
    if (!served) {
      const pages = signIn();
      served = handle(
        createApiApp(meteredBackend(backend()), {
          identity: identity(),
          log: (entry) => logger.error("api", { entry }),
          pageAssets,
          ...(pages ? { signIn: pages } : {}),
        }),
      ) as unknown as ApiHandler;
    }
    invocationUsage.begin();
    try {
      return await served(event, context);
    } finally {
      invocationUsage.publish(context.memoryLimitInMB);
    }
  };
}

/**
 * The AWS ports and stores the api function's code calls (its `HANDLER_ACCESS` row), and how each is made:
 * it sends verdicts itself; its bundle loads the DynamoDB and Step Functions
 * clients only.
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
    links: dynamoDbLinkStore,
    idempotency: dynamoDbIdempotencyStore,
  },
  ids: randomIds,
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

/**
 * The sign-in's client secret and session key kept in Secrets Manager, read at cold start (in
 * Lambda's init phase, as the signing keys are); empty without `OIDC_ISSUER` or when they are
 * plain variables.
 */
const signInSecrets = await signInSecretsFromSecrets(process.env, () => secretsManagerSource());

/** The Lambda entry point, on the backend, identity and pages' sign-in of the function's environment. */
export const handler = apiHandler(
  backendFromEnv(wiring, keysFromSecrets),
  () => identityFromEnv(process.env),
  () => pageSignInFromEnv({ ...process.env, ...signInSecrets }),
);
