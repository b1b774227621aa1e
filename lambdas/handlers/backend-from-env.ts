import { readFileSync } from "node:fs";
import { join } from "node:path";
import { dynamoDbDocumentClient } from "../adapters/dynamodb/dynamodb-document-client.ts";
import { dynamoDbLoopStateStore } from "../adapters/dynamodb/dynamodb-loop-state-store.ts";
import { FlowTable } from "../adapters/dynamodb/flow-table.ts";
import { MemoryTemplateCatalog } from "../adapters/memory/memory-template-catalog.ts";
import { staticDirectory } from "../core/approval/directory.ts";
import type { Backend } from "../core/backend/backend.ts";
import type { Template } from "../core/model/template.ts";
import type { Clock } from "../core/ports/clock.ts";
import type { FlowStores } from "../core/ports/flow-stores.ts";
import type { SecretSource } from "../core/ports/secret-source.ts";
import { signingKeyProblem } from "../core/security/signing-key-length.ts";
import { type ClientSource, clientSource } from "./aws-client-source.ts";
import {
  AWS_PORT_NAMES,
  type AwsPortName,
  type BackendPorts,
  type BackendStores,
  type HandlerWiring,
  type PortContext,
  SIGNING_KEY_NAMES,
  SIGNING_KEY_VARIABLES,
  type SigningKeyName,
  STORE_NAMES,
  signingKeySecretVariable,
  unwiredIds,
  unwiredPort,
  unwiredSchemas,
} from "./backend-ports.ts";
import {
  type HandlerEnvironment,
  isStrings,
  jsonMapVariable,
  requiredVariable,
} from "./environment-variables.ts";
import { historyStreamAnnouncer } from "./history-stream-announcer.ts";
import type { LambdaBackend } from "./lambda-backend.ts";
import { tracer } from "./observability.ts";
import { SigningKeyNotWiredError } from "./signing-key-not-wired-error.ts";
import { variablesFromSecrets } from "./variables-from-secrets.ts";

function signingKey(env: HandlerEnvironment, name: string): string {
  const key = env[name];
  if (key === undefined || key === "") {
    throw new TypeError(`environment variable ${name} or ${name}_SECRET_ARN is not set`);
  }
  return key;
}

/**
 * The signing keys `keys` names, as the entry of a handler wiring them reads them at cold start
 * (its `HandlerWiring.keys`): each of `BATON_CALLBACK_KEY`, `BATON_LINK_KEY` and
 * `BATON_AUDIT_KEY` named that is unset while `<name>_SECRET_ARN` names a secret, read
 * ({@link variablesFromSecrets}); a key not named is not read, whatever its variables. Each key
 * named is held to the length rule ({@link signingKeyProblem}): a plain variable shorter than 43
 * characters is refused naming it (TypeError), a secret naming the variable and the secret
 * (`SecretVariableError`). Only the keys read from secrets are answered, to lay over the
 * environment ({@link backendFromEnv}).
 *
 * @example
 * const keys = await signingKeysFromSecrets(process.env, wiring.keys, () => secretsManagerSource());
 * export const handler = apiHandler(backendFromEnv(wiring, keys), identity);
 */
export async function signingKeysFromSecrets(
  env: HandlerEnvironment,
  keys: readonly SigningKeyName[],
  source: () => Promise<SecretSource>,
): Promise<Record<string, string>> {
  for (const name of keys) {
    const variable = SIGNING_KEY_VARIABLES[name];
    const problem = env[variable] ? signingKeyProblem(env[variable]) : undefined;
    if (problem !== undefined) throw new TypeError(`environment variable ${variable} ${problem}`);
  }
  const secretArns = Object.fromEntries(
    keys.map((name) => [SIGNING_KEY_VARIABLES[name], signingKeySecretVariable(name)]),
  );
  return variablesFromSecrets(env, secretArns, source, signingKeyProblem);
}

/** The templates in the file `TEMPLATES_FILE` names, or a refusal naming the variable. */
function templatesFrom(file: string): Template[] {
  const refusal = (problem: string, cause?: unknown) =>
    new TypeError(`environment variable TEMPLATES_FILE names ${file}, which ${problem}`, { cause });
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw refusal(`cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`, error);
  }
  let templates: unknown;
  try {
    templates = JSON.parse(text);
  } catch (error) {
    throw refusal("is not JSON", error);
  }
  if (!Array.isArray(templates)) throw refusal("does not hold an array of templates");
  return templates as Template[];
}

/**
 * The AWS ports of a backend: each the handler wires made by its factory, each other one a
 * stand-in refusing every call ({@link unwiredPort}).
 */
function wiredPorts(
  wiring: HandlerWiring,
  context: PortContext,
): { [K in AwsPortName]: Backend[K] } {
  const port = <K extends AwsPortName>(name: K): Backend[K] => {
    const factory: BackendPorts[K] = wiring.ports[name];
    return factory ? factory(context) : unwiredPort(name, wiring.handler);
  };
  const ports = Object.fromEntries(AWS_PORT_NAMES.map((name) => [name, port(name)]));
  return ports as { [K in AwsPortName]: Backend[K] };
}

/**
 * The stores of a backend on `table`: each the handler wires made by its factory, each other
 * one a stand-in refusing every call ({@link unwiredPort}, named `stores.<name>`).
 */
function wiredStores(wiring: HandlerWiring, table: FlowTable, clock: Clock): FlowStores {
  const store = <K extends keyof FlowStores>(name: K): FlowStores[K] => {
    const factory: BackendStores[K] = wiring.stores[name];
    return factory ? factory(table, clock) : unwiredPort(`stores.${name}`, wiring.handler);
  };
  const stores = Object.fromEntries(STORE_NAMES.map((name) => [name, store(name)]));
  return stores as { [K in keyof FlowStores]: FlowStores[K] };
}

/**
 * The signing keys of a backend: each the handler wires read from its variable (and required
 * there), each other one a property whose read throws {@link SigningKeyNotWiredError}.
 */
function wiredSecrets(env: HandlerEnvironment, wiring: HandlerWiring): Backend["secrets"] {
  const secrets = {} as Backend["secrets"];
  for (const name of SIGNING_KEY_NAMES) {
    const property: PropertyDescriptor = wiring.keys.includes(name)
      ? { value: signingKey(env, SIGNING_KEY_VARIABLES[name]), enumerable: true }
      : {
          get: () => {
            throw new SigningKeyNotWiredError(name, wiring.handler);
          },
        };
    Object.defineProperty(secrets, `${name}Key`, property);
  }
  return secrets;
}

/**
 * Builds a handler's backend from an environment, on the clients of `clients` (nothing is
 * sent while building): the loop state, the templates, directory and public URL every handler
 * has, and the signing keys, DynamoDB stores, AWS ports and ids `wiring` names — only their
 * adapters and clients are made; the others refuse every call ({@link unwiredPort},
 * {@link unwiredIds}; a key, {@link SigningKeyNotWiredError}).
 * The handlers only append the changes they record: the table's change stream announces them
 * ({@link historyStreamAnnouncer}, the execution-facts function).
 * Every variable read is checked here, so a function misconfigured fails its first invocation
 * with the variable's name; an empty variable counts as unset. The variables of every backend:
 *
 * - `TABLE_NAME`: Baton's DynamoDB table (stores and the loop state).
 * - `PUBLIC_URL`: where approval links and callback URLs point, e.g. `https://baton.example.com`.
 * - `TEMPLATES_FILE`: a JSON array of every deployed template version, written by the
 *   deployment from validated definitions. @default `$LAMBDA_TASK_ROOT/templates.json`
 * - `DIRECTORY_ROLES`: JSON, role → user ids, for `approvers: { role }`. @default `{}`
 * - `BATON_CALLBACK_KEY`, `BATON_LINK_KEY`, `BATON_AUDIT_KEY`: the keys that sign callback
 *   bodies, approval links and the seals of audit exports, each required only where
 *   `wiring.keys` names it. A deployment keeps them in Secrets Manager instead
 *   (`<name>_SECRET_ARN`): the entry of a handler wiring keys reads them into these names with
 *   {@link signingKeysFromSecrets} at cold start, which also holds each to at least 43
 *   characters (256 bits as base64url), so that the rule and the reading are only in its bundle.
 * - `AWS_REGION` (set by Lambda), `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_<SERVICE>`: read by
 *   the SDK as each client is made (LocalStack).
 *
 * And those of the ports wired, read by their factories: `BUS_NAME` (`eventBridgeBusFromEnv`),
 * `STATE_MACHINE_ARN_PREFIX` (`sfnExecutionsFromEnv`), `PLUGIN_FUNCTIONS`
 * (`lambdaPluginsFromEnv`), `REMINDER_GROUP`, `REMINDERS_FUNCTION_ARN`, `REMINDER_ROLE_ARN`
 * (`eventBridgeSchedulerFromEnv`), `VERDICT_FUNCTION_ARN` (`relayedVerdicts`).
 *
 * @example
 * const backend = buildBackendFromEnv(process.env, wiring, clientSource());
 */
export function buildBackendFromEnv(
  env: HandlerEnvironment,
  wiring: HandlerWiring,
  clients: ClientSource,
): LambdaBackend {
  const tableName = requiredVariable(env, "TABLE_NAME");
  const templatesFile =
    env.TEMPLATES_FILE || join(requiredVariable(env, "LAMBDA_TASK_ROOT"), "templates.json");
  const templates = templatesFrom(templatesFile);
  const dynamoDb = clients(dynamoDbDocumentClient);
  const clock: Clock = { now: () => new Date() };
  return {
    stores: wiredStores(wiring, new FlowTable(dynamoDb, tableName), clock),
    ...wiredPorts(wiring, { env, clients, templates }),
    directory: staticDirectory(jsonMapVariable(env, "DIRECTORY_ROLES", isStrings, "{}")),
    templates: new MemoryTemplateCatalog(templates),
    schemas: wiring.schemas?.() ?? unwiredSchemas(wiring.handler),
    clock,
    ids: wiring.ids?.() ?? unwiredIds(wiring.handler),
    secrets: wiredSecrets(env, wiring),
    publicUrl: requiredVariable(env, "PUBLIC_URL"),
    announcer: historyStreamAnnouncer,
    loopStates: (tenant) => dynamoDbLoopStateStore(dynamoDb, tableName, tenant),
  };
}

/**
 * The function's AWS clients: the SDK's region and endpoints (`AWS_ENDPOINT_URL*`), each client
 * traced by X-Ray as it is made, one per service for the backend and whatever else the
 * handler reads (the reconciler's execution histories share its Step Functions client).
 *
 * @example
 * const usage = new SfnExecutionUsage(tracedClients(sfnClient));
 */
export const tracedClients: ClientSource = clientSource({}, (client) =>
  tracer.captureAWSv3Client(client),
);

/**
 * A handler's backend from `process.env` with `keys` laid over it ({@link buildBackendFromEnv}),
 * on {@link tracedClients}: built on the first call and kept for the next ones (clients and
 * connections reused). `keys` are the signing keys the handler's entry read from Secrets Manager
 * at cold start ({@link signingKeysFromSecrets}), for a handler whose wiring names any.
 *
 * @example
 * export const handler = approvalsHandler(backendFromEnv(wiring));
 *
 * @param keys - signing keys by variable name, read from secrets. @default {}
 */
export function backendFromEnv(
  wiring: HandlerWiring,
  keys: Readonly<Record<string, string>> = {},
): () => LambdaBackend {
  let built: LambdaBackend | undefined;
  return () => {
    built ??= buildBackendFromEnv({ ...process.env, ...keys }, wiring, tracedClients);
    return built;
  };
}
