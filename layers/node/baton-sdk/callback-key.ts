import { CallbackKeyError } from "./callback-key-error.ts";
import { type SecretReader, secretsManagerReader } from "./secrets-manager-reader.ts";

/** The environment variable holding the installation's callback key. */
export const CALLBACK_KEY_VARIABLE = "BATON_CALLBACK_KEY";

/**
 * The environment variable naming the Secrets Manager secret (its ARN) that holds the callback
 * key, as the deployment sets it on each plugin function.
 */
export const CALLBACK_KEY_SECRET_ARN_VARIABLE = "BATON_CALLBACK_KEY_SECRET_ARN";

/** The fewest characters a key read from a secret may have: the backend's 256 bits as base64url. */
const MIN_SECRET_KEY_LENGTH = 43;

/** Where a callback key comes from. */
export interface CallbackKeyOptions {
  /**
   * The installation's callback key; it wins over both variables.
   *
   * @default process.env.BATON_CALLBACK_KEY, else the secret BATON_CALLBACK_KEY_SECRET_ARN names
   */
  key?: string;
  /**
   * How the secret `BATON_CALLBACK_KEY_SECRET_ARN` names is read (tests pass their own).
   *
   * @default secretsManagerReader: Secrets Manager through the runtime's AWS SDK
   */
  readSecret?: SecretReader;
}

/** Where a callback key was found: the key itself, or the secret holding it. */
export type CallbackKeyOrigin = { key: string } | { secretId: string };

/**
 * Where the callback key comes from, decided at once: the `key` given, else a non-empty
 * `BATON_CALLBACK_KEY`, else the secret a non-empty `BATON_CALLBACK_KEY_SECRET_ARN` names.
 *
 * @throws {TypeError} when none of them is there (a given `key` must not be empty).
 * @example
 * callbackKeyOrigin({}); // { secretId: "arn:aws:secretsmanager:…" } on a deployed plugin
 */
export function callbackKeyOrigin(options: CallbackKeyOptions = {}): CallbackKeyOrigin {
  const key = options.key ?? process.env[CALLBACK_KEY_VARIABLE];
  if (key) return { key };
  const secretId = process.env[CALLBACK_KEY_SECRET_ARN_VARIABLE];
  if (options.key === undefined && secretId) return { secretId };
  throw new TypeError(
    `no callback key: pass one or set ${CALLBACK_KEY_VARIABLE} or ${CALLBACK_KEY_SECRET_ARN_VARIABLE}`,
  );
}

/** The keys read so far, by reader and secret: each secret is read once per process. */
const readKeys = new WeakMap<SecretReader, Map<string, Promise<string>>>();

/** An AWS error's name (`AccessDeniedException`), else a network error's code (`ECONNREFUSED`). */
function errorName(error: unknown): string {
  const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
  if (typeof name === "string" && name !== "Error") return name;
  return typeof code === "string" ? code : "Error";
}

async function readKey(secretId: string, readSecret: SecretReader): Promise<string> {
  const refusal = (problem: string, cause?: unknown) =>
    new CallbackKeyError(CALLBACK_KEY_SECRET_ARN_VARIABLE, secretId, problem, { cause });
  let value: string | undefined;
  try {
    value = await readSecret(secretId);
  } catch (error) {
    throw refusal(`cannot be read (${errorName(error)})`, error);
  }
  if (typeof value !== "string") throw refusal("holds no text");
  if (value.length < MIN_SECRET_KEY_LENGTH) throw refusal("must hold at least 256 bits");
  return value;
}

/**
 * The callback key of an origin ({@link callbackKeyOrigin}): the key itself, or the secret's
 * value, read once per process and reader (a read that failed is tried again next time).
 *
 * @throws {CallbackKeyError} when the secret cannot be read, holds no text or holds fewer
 * than 43 characters; the message names the variable and the ARN, never the value.
 * @example
 * const key = await keyOf(callbackKeyOrigin(), secretsManagerReader);
 */
export function keyOf(origin: CallbackKeyOrigin, readSecret: SecretReader): Promise<string> {
  if ("key" in origin) return Promise.resolve(origin.key);
  const { secretId } = origin;
  const cache = readKeys.get(readSecret) ?? new Map<string, Promise<string>>();
  readKeys.set(readSecret, cache);
  const cached = cache.get(secretId);
  if (cached !== undefined) return cached;
  const reading = readKey(secretId, readSecret);
  cache.set(secretId, reading);
  reading.catch(() => {
    if (cache.get(secretId) === reading) cache.delete(secretId);
  });
  return reading;
}

/**
 * The installation's callback key as a {@link CallbackClient} finds it: the `key` given, else
 * `BATON_CALLBACK_KEY` (the embedded engine sets it; it wins for LocalStack and tests), else
 * the Secrets Manager secret `BATON_CALLBACK_KEY_SECRET_ARN` names (a deployed plugin
 * function), read once per process. A plugin may await it at module level to read the secret
 * during the function's cold start rather than on its first report.
 *
 * @throws {TypeError} (as a rejection) when there is no key nor secret to read.
 * @throws {CallbackKeyError} (as a rejection) when the secret cannot serve.
 * @example
 * await callbackKey(); // at the top of a plugin's module: read during the init phase
 */
export async function callbackKey(options: CallbackKeyOptions = {}): Promise<string> {
  return keyOf(callbackKeyOrigin(options), options.readSecret ?? secretsManagerReader);
}
