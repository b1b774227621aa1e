/**
 * Where a deployment keeps its secrets (the signing keys), read by id: on AWS a Secrets
 * Manager secret's ARN (`SecretsManagerSource`).
 *
 * @example
 * const linkKey = await secrets.secretString("arn:aws:secretsmanager:eu-west-1:123456789012:secret:baton-dev-link-key");
 */
export interface SecretSource {
  /**
   * The secret's current value, as text.
   *
   * @throws Error when the secret cannot be read (missing, not allowed, not text)
   */
  secretString(secretId: string): Promise<string>;
}
