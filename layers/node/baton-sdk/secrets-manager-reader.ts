import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";

/**
 * Reads a secret's text: its current version's `SecretString`, or `undefined` for a secret
 * that holds none (a binary one). A failure rejects with the reader's own error.
 *
 * @example
 * const reader: SecretReader = async (secretId) => secrets[secretId];
 */
export type SecretReader = (secretId: string) => Promise<string | undefined>;

/** The one client of the process, made on the first read. */
let client: SecretsManagerClient | undefined;

/**
 * The {@link SecretReader} of a deployed plugin: `GetSecretValue` through the AWS SDK v3's
 * Secrets Manager client, which the Lambda Node.js runtime provides. The SDK's module is
 * imported on the first read, so a plugin run without it (the embedded engine, with a plain
 * key) never loads it. The client is the SDK's default: the function's region and
 * credentials, and the endpoint of `AWS_ENDPOINT_URL_SECRETS_MANAGER`, else `AWS_ENDPOINT_URL`,
 * when set (LocalStack).
 *
 * @example
 * const key = await secretsManagerReader(process.env.BATON_CALLBACK_KEY_SECRET_ARN ?? "");
 */
export async function secretsManagerReader(secretId: string): Promise<string | undefined> {
  const { GetSecretValueCommand, SecretsManagerClient } = await import(
    "@aws-sdk/client-secrets-manager"
  );
  client ??= new SecretsManagerClient({});
  const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  return SecretString;
}
