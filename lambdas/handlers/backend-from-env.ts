import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type AwsClients, awsClients } from "../adapters/aws/aws-clients.ts";
import { EventBridgeBus } from "../adapters/aws/eventbridge-bus.ts";
import { EventBridgeScheduler } from "../adapters/aws/eventbridge-scheduler.ts";
import { LambdaPlugins } from "../adapters/aws/lambda-plugins.ts";
import {
  liveStateMachineArnOf,
  stateMachineArnPrefix,
} from "../adapters/aws/live-state-machine-arns.ts";
import { secretsManagerSource } from "../adapters/aws/secrets-manager-source.ts";
import { SfnExecutions } from "../adapters/aws/sfn-executions.ts";
import { SfnTaskResults } from "../adapters/aws/sfn-task-results.ts";
import { dynamoDbFlowStores } from "../adapters/dynamodb/dynamodb-flow-stores.ts";
import { dynamoDbLoopStateStore } from "../adapters/dynamodb/dynamodb-loop-state-store.ts";
import { MemoryTemplateCatalog } from "../adapters/memory/memory-template-catalog.ts";
import { randomIds } from "../adapters/random-ids.ts";
import { staticDirectory } from "../core/approval/directory.ts";
import type { Template } from "../core/model/template.ts";
import type { SecretSource } from "../core/ports/secret-source.ts";
import { isRecord } from "../core/validation/template-view.ts";
import type { LambdaBackend } from "./lambda-backend.ts";
import { tracer } from "./observability.ts";
import { relayedVerdicts, type VerdictDeliveryFromEnv } from "./verdicts-from-env.ts";

/** The fewest characters a signing key may have (256 bits as base64url is 43). */
const MIN_KEY_LENGTH = 43;

/** The environment the handlers read, by variable name. */
export type HandlerEnvironment = Readonly<Record<string, string | undefined>>;

function required(env: HandlerEnvironment, name: string): string {
  const value = env[name];
  if (value === undefined || value === "") {
    throw new TypeError(`environment variable ${name} is not set`);
  }
  return value;
}

function json(env: HandlerEnvironment, name: string, fallback?: string): unknown {
  const value = env[name];
  const text = value === undefined || value === "" ? fallback : value;
  if (text === undefined) throw new TypeError(`environment variable ${name} is not set`);
  try {
    return JSON.parse(text);
  } catch {
    throw new TypeError(`environment variable ${name} is not JSON`);
  }
}

/** A JSON object whose values all pass `check`, or a refusal naming the variable. */
function jsonMap<T>(
  env: HandlerEnvironment,
  name: string,
  check: (value: unknown) => value is T,
  fallback?: string,
): Record<string, T> {
  const value = json(env, name, fallback);
  if (!isRecord(value) || !Object.values(value).every(check)) {
    throw new TypeError(`environment variable ${name} does not have the documented shape`);
  }
  return value as Record<string, T>;
}

const isString = (value: unknown): value is string => typeof value === "string";
const isStrings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every(isString);

/** The variables of the signing keys; each may instead name a secret in `<name>_SECRET_ARN`. */
const SIGNING_KEYS = ["BATON_CALLBACK_KEY", "BATON_LINK_KEY", "BATON_AUDIT_KEY"] as const;

function signingKey(env: HandlerEnvironment, name: (typeof SIGNING_KEYS)[number]): string {
  const key = env[name];
  if (key === undefined || key === "") {
    throw new TypeError(`environment variable ${name} or ${name}_SECRET_ARN is not set`);
  }
  if (key.length < MIN_KEY_LENGTH) {
    throw new TypeError(`environment variable ${name} must hold at least 256 bits`);
  }
  return key;
}

/**
 * Variables a deployment keeps in secrets, read: for each variable of `secretArns` that is
 * unset (or empty) while the variable it maps to names a secret (e.g. `BATON_LINK_KEY` →
 * `BATON_LINK_KEY_SECRET_ARN`), the secret's value under the plain variable's name,
 * ready to lay over the environment. A plain variable wins and its secret is not read
 * (LocalStack, tests); with nothing to read, `source` is not even called. The secrets are read
 * at once. A secret that cannot be read, or whose value `check` finds a problem with, is
 * refused naming its variable and the secret, never its value.
 *
 * @example
 * const read = await variablesFromSecrets(process.env,
 *   { OIDC_CLIENT_SECRET: "OIDC_CLIENT_SECRET_ARN" }, () => secretsManagerSource());
 *
 * @param check - a problem with a secret's value, or `undefined`. @default none
 */
export async function variablesFromSecrets(
  env: HandlerEnvironment,
  secretArns: Readonly<Record<string, string>>,
  source: () => Promise<SecretSource>,
  check: (value: string) => string | undefined = () => undefined,
): Promise<Record<string, string>> {
  const wanted = Object.entries(secretArns).flatMap(([name, variable]) => {
    const secretId = env[variable];
    return env[name] || !secretId ? [] : [{ name, variable, secretId }];
  });
  if (wanted.length === 0) return {};
  const secrets = await source();
  const read = wanted.map(async ({ name, variable, secretId }) => {
    const refusal = (problem: string, cause?: unknown) =>
      new TypeError(`environment variable ${variable} names ${secretId}, which ${problem}`, {
        cause,
      });
    let value: string;
    try {
      value = await secrets.secretString(secretId);
    } catch (error) {
      throw refusal(`cannot be read (${(error as Error).name})`, error);
    }
    const problem = check(value);
    if (problem !== undefined) throw refusal(problem);
    return [name, value] as const;
  });
  return Object.fromEntries(await Promise.all(read));
}

/**
 * The signing keys a deployment keeps in secrets, read ({@link variablesFromSecrets}): each of
 * `BATON_CALLBACK_KEY`, `BATON_LINK_KEY` and `BATON_AUDIT_KEY` unset while
 * `<name>_SECRET_ARN` names a secret; a secret holding fewer than 43 characters is refused.
 *
 * @example
 * const keys = await signingKeysFromSecrets(process.env, () => secretsManagerSource());
 * buildBackendFromEnv({ ...process.env, ...keys }, awsClients());
 */
export function signingKeysFromSecrets(
  env: HandlerEnvironment,
  source: () => Promise<SecretSource>,
): Promise<Record<string, string>> {
  const secretArns = Object.fromEntries(SIGNING_KEYS.map((name) => [name, `${name}_SECRET_ARN`]));
  return variablesFromSecrets(env, secretArns, source, (key) =>
    key.length < MIN_KEY_LENGTH ? "must hold at least 256 bits" : undefined,
  );
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
 * Builds the handlers' backend from an environment, on the given clients (nothing is sent
 * while building). Every variable is checked here, so a function misconfigured fails its
 * first invocation with the variable's name; an empty variable counts as unset. The variables:
 *
 * - `TABLE_NAME`: Baton's DynamoDB table (stores and the loop state).
 * - `BUS_NAME`: the EventBridge bus flow events go to.
 * - `STATE_MACHINE_ARN_PREFIX`: the ARN of the environment's state machines up to their name
 *   prefix, e.g. `arn:aws:states:eu-west-1:123456789012:stateMachine:baton-prod`. A template
 *   version in `TEMPLATES_FILE` is started through the `live` alias of the machine its name rule
 *   gives (`templateStateMachineName`): `…:stateMachine:baton-prod-expense-v3:live`; any other
 *   version is refused.
 * - `PLUGIN_FUNCTIONS`: JSON, plugin name → Lambda function name or ARN. @default `{}`
 * - `PUBLIC_URL`: where approval links and callback URLs point, e.g. `https://baton.example.com`.
 * - `TEMPLATES_FILE`: a JSON array of every deployed template version, written by the
 *   deployment from validated definitions. @default `$LAMBDA_TASK_ROOT/templates.json`
 * - `DIRECTORY_ROLES`: JSON, role → user ids, for `approvers: { role }`. @default `{}`
 * - `REMINDER_GROUP`, `REMINDERS_FUNCTION_ARN`, `REMINDER_ROLE_ARN`: the EventBridge Scheduler
 *   group reminders are created in, the function a fired reminder invokes, and the role
 *   Scheduler assumes to invoke it.
 * - `BATON_CALLBACK_KEY`, `BATON_LINK_KEY`, `BATON_AUDIT_KEY`: the keys that sign callback
 *   bodies, approval links and the seals of audit exports, at least 43 characters (256 bits as
 *   base64url). A deployment keeps them in Secrets Manager instead (`<name>_SECRET_ARN`), read
 *   into these names by {@link signingKeysFromSecrets} before the build.
 * - `AWS_REGION` (set by Lambda), `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_<SERVICE>`: read by
 *   the SDK through {@link awsClients} (LocalStack).
 * - `VERDICT_FUNCTION_ARN`: the API function's `live` alias, which decided approvals' verdicts
 *   are relayed to (`relayedVerdicts`); read only by a backend that relays them.
 *
 * @param verdicts - how decided approvals' verdicts are delivered: `directVerdicts` (the API
 *   function) or relayed to the API function. @default relayedVerdicts
 * @example
 * const backend = buildBackendFromEnv(process.env, awsClients());
 */
export function buildBackendFromEnv(
  env: HandlerEnvironment,
  clients: AwsClients,
  verdicts: VerdictDeliveryFromEnv = relayedVerdicts,
): LambdaBackend {
  const tableName = required(env, "TABLE_NAME");
  const arnPrefix = stateMachineArnPrefix(required(env, "STATE_MACHINE_ARN_PREFIX"));
  if (arnPrefix === undefined) {
    throw new TypeError(
      "environment variable STATE_MACHINE_ARN_PREFIX is not arn:<partition>:states:<region>:<account>:stateMachine:<name prefix>",
    );
  }
  const templatesFile =
    env.TEMPLATES_FILE || join(required(env, "LAMBDA_TASK_ROOT"), "templates.json");
  const templates = templatesFrom(templatesFile);
  const tasks = new SfnTaskResults(clients.sfn);
  return {
    stores: dynamoDbFlowStores({ client: clients.dynamoDb, tableName }),
    tasks,
    verdicts: verdicts(env, clients, tasks),
    executions: new SfnExecutions(clients.sfn, liveStateMachineArnOf(arnPrefix, templates)),
    bus: new EventBridgeBus(clients.eventBridge, required(env, "BUS_NAME")),
    directory: staticDirectory(jsonMap(env, "DIRECTORY_ROLES", isStrings, "{}")),
    plugins: new LambdaPlugins(clients.lambda, jsonMap(env, "PLUGIN_FUNCTIONS", isString, "{}")),
    scheduler: new EventBridgeScheduler(clients.scheduler, {
      groupName: required(env, "REMINDER_GROUP"),
      functionArn: required(env, "REMINDERS_FUNCTION_ARN"),
      roleArn: required(env, "REMINDER_ROLE_ARN"),
    }),
    templates: new MemoryTemplateCatalog(templates),
    clock: { now: () => new Date() },
    ids: randomIds(),
    secrets: {
      callbackKey: signingKey(env, "BATON_CALLBACK_KEY"),
      linkKey: signingKey(env, "BATON_LINK_KEY"),
      auditKey: signingKey(env, "BATON_AUDIT_KEY"),
    },
    publicUrl: required(env, "PUBLIC_URL"),
    loopStates: (tenant) => dynamoDbLoopStateStore(clients.dynamoDb, tableName, tenant),
  };
}

/**
 * The signing keys kept in Secrets Manager, read at cold start: this module's top-level await
 * runs in Lambda's init phase, before the first invocation (a failed read fails the init,
 * which Lambda runs again for the next invocation). Empty where the keys are plain variables,
 * as in tests, LocalStack and the bench: then nothing is read and the SDK's Secrets Manager
 * module is not loaded.
 */
const keysFromSecrets = await signingKeysFromSecrets(process.env, () => secretsManagerSource());

let cached: LambdaBackend | undefined;

/**
 * The handlers' backend from `process.env` ({@link buildBackendFromEnv}) and the signing keys
 * read from Secrets Manager at cold start ({@link signingKeysFromSecrets}), built on the first
 * invocation and kept for the next ones (clients and connections reused), with its AWS SDK
 * clients traced by X-Ray.
 *
 * @param verdicts - how decided approvals' verdicts are delivered. @default relayedVerdicts
 * @example
 * export const handler = approvalsHandler(backendFromEnv);
 */
export function backendFromEnv(verdicts: VerdictDeliveryFromEnv = relayedVerdicts): LambdaBackend {
  if (cached) return cached;
  const clients = awsClients();
  for (const client of Object.values(clients)) tracer.captureAWSv3Client(client);
  cached = buildBackendFromEnv({ ...process.env, ...keysFromSecrets }, clients, verdicts);
  return cached;
}
