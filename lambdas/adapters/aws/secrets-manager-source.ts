import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { SecretSource } from "../../core/ports/secret-source.ts";
import { type AwsClientOptions, clientConfig } from "./aws-client-options.ts";

/** A secret that has no text value (one stored as binary). */
export class SecretNotTextError extends Error {
  override readonly name = "SecretNotTextError";

  constructor(secretId: string) {
    super(`the secret ${secretId} holds no text`);
  }
}

/**
 * {@link SecretSource} on AWS Secrets Manager: `GetSecretValue` of the secret's current
 * version (`AWSCURRENT`), its `SecretString`. No cache: the handlers read each key once, at
 * cold start.
 *
 * @example
 * const source = new SecretsManagerSource(new SecretsManagerClient({}));
 * await source.secretString(arn);
 */
export class SecretsManagerSource implements SecretSource {
  private readonly client: SecretsManagerClient;

  constructor(client: SecretsManagerClient) {
    this.client = client;
  }

  async secretString(secretId: string): Promise<string> {
    const { GetSecretValueCommand } = await import("@aws-sdk/client-secrets-manager");
    const { SecretString } = await this.client.send(
      new GetSecretValueCommand({ SecretId: secretId }),
    );
    if (SecretString === undefined) throw new SecretNotTextError(secretId);
    return SecretString;
  }
}

/**
 * A {@link SecretsManagerSource} on a client made as Baton's other clients are
 * (`clientConfig`): an explicit `endpoint` wins, else the SDK reads
 * `AWS_ENDPOINT_URL_SECRETS_MANAGER`, then `AWS_ENDPOINT_URL` (LocalStack). The SDK's module is loaded here, not with the handler:
 * only a deployed function reading its keys from Secrets Manager pays for it.
 *
 * @example
 * const source = await secretsManagerSource({ endpoint: "http://localhost:4566" });
 *
 * @param options - where the client connects. @default the SDK's region and endpoint
 * @param wrap - applied to the client before use (e.g. X-Ray's capture). @default none
 */
export async function secretsManagerSource(
  options: AwsClientOptions = {},
  wrap: (client: SecretsManagerClient) => SecretsManagerClient = (client) => client,
): Promise<SecretsManagerSource> {
  const { SecretsManagerClient } = await import("@aws-sdk/client-secrets-manager");
  const client = new SecretsManagerClient(clientConfig(options));
  return new SecretsManagerSource(wrap(client));
}
