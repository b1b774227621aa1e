import type { SecretSource } from "../core/ports/secret-source.ts";
import { signingKeyProblem } from "../core/security/signing-key-length.ts";
import { notifierPlugin } from "../embedded/event-plugins/notifier-plugin.ts";
import type { PluginTarget } from "../embedded/event-plugins/plugin-target.ts";
import { SIGNING_KEY_VARIABLES, signingKeySecretVariable } from "../handlers/backend-ports.ts";
import { SecretVariableError } from "../handlers/secret-variable-error.ts";
import { variablesFromSecrets } from "../handlers/variables-from-secrets.ts";
import { NotifierSetupError } from "./notifier-setup-error.ts";
import { NOTIFIER_VARIABLES } from "./notifier-variables.ts";

/** A notifier function's plugin target, and the plugin's name for its log lines. */
export interface NotifierFromEnv {
  /** The plugin's name. */
  plugin: string;
  /** The embedded engine's `notifierPlugin`, set up from the environment. */
  notify: PluginTarget;
}

/** A variable that must be set (an empty one counts as unset). */
function required(env: Readonly<Record<string, string | undefined>>, name: string): string {
  const value = env[name];
  if (value === undefined || value === "") {
    throw new NotifierSetupError(`environment variable ${name} is not set`);
  }
  return value;
}

/** An `http://` or `https://` URL, or a refusal naming the variable. */
function httpUrl(env: Readonly<Record<string, string | undefined>>, name: string): string {
  const value = required(env, name);
  const protocol = URL.parse(value)?.protocol;
  if (protocol !== "http:" && protocol !== "https:") {
    throw new NotifierSetupError(`environment variable ${name} is not an http(s) URL`);
  }
  return value;
}

/** The link key's variable, and the variable naming its secret. */
const LINK_KEY = SIGNING_KEY_VARIABLES.link;
const LINK_KEY_SECRET = signingKeySecretVariable("link");

/**
 * The link key: `BATON_LINK_KEY` when set (tests, LocalStack), else the secret
 * `BATON_LINK_KEY_SECRET_ARN` names, read through the `SecretSource` port by the handlers'
 * `variablesFromSecrets`. A key shorter than 256 bits, or a secret that cannot be read, is
 * refused naming the variable and the secret, never the value.
 */
async function linkKeyOf(
  env: Readonly<Record<string, string | undefined>>,
  source: () => Promise<SecretSource>,
): Promise<string> {
  const plain = env[LINK_KEY];
  if (plain) {
    const problem = signingKeyProblem(plain);
    if (problem !== undefined) {
      throw new NotifierSetupError(`environment variable ${LINK_KEY} ${problem}`);
    }
    return plain;
  }
  let read: Record<string, string>;
  try {
    read = await variablesFromSecrets(
      env,
      { [LINK_KEY]: LINK_KEY_SECRET },
      source,
      signingKeyProblem,
    );
  } catch (error) {
    if (!(error instanceof SecretVariableError)) throw error;
    throw new NotifierSetupError(
      `the secret ${error.secretId} (${error.variable}) ${error.problem}`,
      { cause: error },
    );
  }
  const key = read[LINK_KEY];
  if (key === undefined) {
    throw new NotifierSetupError(
      `environment variable ${LINK_KEY} or ${LINK_KEY_SECRET} is not set`,
    );
  }
  return key;
}

/**
 * The `notifier` plugin of a notifier function, from its environment: the embedded engine's
 * own `notifierPlugin` (the same notices, links and errors as `baton dev`), POSTing to
 * `BATON_NOTIFIER_URL`, its links signed with the link key and based on `PUBLIC_URL`. The link
 * key is `BATON_LINK_KEY`, or, when that is unset, the secret `BATON_LINK_KEY_SECRET_ARN`
 * names (no other secret is read). Throws {@link NotifierSetupError} naming the variable at
 * fault (a secret that cannot be read is named, never its value).
 *
 * @param source - where secrets are read; called only when the key is in a secret.
 * @example
 * const { plugin, notify } = await notifierFromEnv(process.env, () => secretsManagerSource());
 * await notify(envelope);
 */
export async function notifierFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  source: () => Promise<SecretSource>,
): Promise<NotifierFromEnv> {
  const plugin = required(env, NOTIFIER_VARIABLES.plugin);
  const url = httpUrl(env, NOTIFIER_VARIABLES.url);
  const publicUrl = httpUrl(env, NOTIFIER_VARIABLES.publicUrl);
  const linkKey = await linkKeyOf(env, source);
  const notify = notifierPlugin({
    name: plugin,
    url,
    linkKey,
    publicUrl: () => publicUrl,
  });
  return { plugin, notify };
}
