import type { SecretSource } from "../core/ports/secret-source.ts";
import type { HandlerEnvironment } from "./environment-variables.ts";
import { SecretVariableError } from "./secret-variable-error.ts";

/**
 * Variables a deployment keeps in secrets, read: for each variable of `secretArns` that is
 * unset (or empty) while the variable it maps to names a secret (e.g. `BATON_LINK_KEY` →
 * `BATON_LINK_KEY_SECRET_ARN`), the secret's value under the plain variable's name,
 * ready to lay over the environment. A plain variable wins and its secret is not read
 * (LocalStack, tests); with nothing to read, `source` is not even called. The secrets are read
 * at once. A secret that cannot be read (`source` failing included), or whose value `check`
 * finds a problem with, is refused ({@link SecretVariableError}) naming its variable and the
 * secret, never its value.
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
  const secrets = Promise.resolve().then(source);
  const read = wanted.map(async ({ name, variable, secretId }) => {
    let value: string;
    try {
      value = await (await secrets).secretString(secretId);
    } catch (error) {
      throw new SecretVariableError(
        variable,
        secretId,
        `cannot be read (${(error as Error).name})`,
        { cause: error },
      );
    }
    const problem = check(value);
    if (problem !== undefined) throw new SecretVariableError(variable, secretId, problem);
    return [name, value] as const;
  });
  return Object.fromEntries(await Promise.all(read));
}
