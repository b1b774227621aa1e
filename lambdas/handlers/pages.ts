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
import { createPagesApp } from "../api/create-pages-app.ts";
import type { IdentityResolver } from "../api/identity.ts";
import { type PageAssets, pageAssetsOnce } from "../api/pages/page-assets.ts";
import type { PageSignIn } from "../api/pages/page-sign-in.ts";
import type { Backend } from "../core/backend/backend.ts";
import { backendFromEnv, signingKeysFromSecrets } from "./backend-from-env.ts";
import type { HandlerWiring } from "./backend-ports.ts";
import { bundledSchemaValidators } from "./bundled-schema-validators.ts";
import { sfnExecutionsFromEnv } from "./executions-from-env.ts";
import { meteredBackend } from "./flow-meter.ts";
import { type HttpApiHandler, httpAppHandler } from "./http-app-handler.ts";
import { identityFromEnv } from "./identity-from-env.ts";
import { logger } from "./observability.ts";
import { pageAssetsFromEnv } from "./page-assets-from-env.ts";
import { relayedVerdicts } from "./relayed-verdicts-from-env.ts";
import { pageSignInFromEnv, signInSecretsFromSecrets } from "./sign-in-from-env.ts";

/**
 * What a browser is served on API Gateway (HTTP API, payload v2): the `/ui` pages, the
 * approval links, as the pages' `hono` app (`createPagesApp`), built
 * once per execution environment on the function's backend (metered: `meteredBackend`) and
 * identity, its unexpected errors logged through the redacting Powertools logger. Each
 * request's usage is published for the templates it served (`InvocationUsage`). With
 * `signIn`, people sign in to the pages with the OpenID provider (`PageSignIn`).
 *
 * A decision taken on a page is recorded here and its verdict relayed to the api function,
 * the one that sends task results (`relayedVerdicts`).
 *
 * @example
 * export const handler = pagesHandler(backendFromEnv(wiring), () => identityFromEnv(process.env));
 *
 * @param signIn - the pages' sign-in. @default none: the pages take `identity`
 * @param pageAssets - the pages' scripts and stylesheets, read once. @default from the
 *   function's environment (`pageAssetsFromEnv`)
 */
export function pagesHandler(
  backend: () => Backend,
  identity: () => IdentityResolver,
  signIn: () => PageSignIn | undefined = () => undefined,
  pageAssets: () => Promise<PageAssets> = pageAssetsOnce(pageAssetsFromEnv(process.env)),
): HttpApiHandler {
  return httpAppHandler("pages", () => {
    const pages = signIn();
    return createPagesApp(meteredBackend(backend()), {
      identity: identity(),
      log: (entry) => logger.error("pages", { entry }),
      pageAssets,
      ...(pages ? { signIn: pages } : {}),
    });
  });
}

/**
 * The AWS ports and stores the pages function's code calls (its `HANDLER_ACCESS` row), and
 * how each is made: it starts and stops executions, and relays verdicts to the api function;
 * its bundle loads the DynamoDB, Step Functions and Lambda clients only. It checks requests,
 * inputs and forms with the validators compiled into it at build time, as the api does (the
 * playground's template checks make their own Ajv: `embeddedSchemaRule`).
 */
export const wiring: HandlerWiring = {
  handler: "pages",
  keys: ["link", "audit"],
  ports: {
    verdicts: relayedVerdicts,
    executions: sfnExecutionsFromEnv,
  },
  stores: {
    instances: dynamoDbInstanceStore,
    executionFacts: dynamoDbExecutionFactsStore,
    approvals: dynamoDbApprovalStore,
    callbacks: dynamoDbCallbackStore,
    history: dynamoDbHistoryStore,
    inbox: dynamoDbInboxStore,
    links: dynamoDbLinkStore,
    idempotency: dynamoDbIdempotencyStore,
  },
  ids: randomIds,
  schemas: () => bundledSchemaValidators(),
};

/**
 * The signing keys the pages wire (`wiring.keys`) kept in Secrets Manager, read at cold start
 * (Lambda's init phase), as the api's are; empty where they are plain variables.
 */
const keysFromSecrets = await signingKeysFromSecrets(process.env, wiring.keys, () =>
  secretsManagerSource(),
);

/**
 * The sign-in's client secret and session key kept in Secrets Manager, read at cold start;
 * empty without `OIDC_ISSUER` or when they are plain variables.
 */
const signInSecrets = await signInSecretsFromSecrets(process.env, () => secretsManagerSource());

/** The Lambda entry point, on the backend, identity and sign-in of the function's environment. */
export const handler = pagesHandler(
  backendFromEnv(wiring, keysFromSecrets),
  () => identityFromEnv(process.env),
  () => pageSignInFromEnv({ ...process.env, ...signInSecrets }),
);
