/**
 * A variable that names a secret whose value cannot be used: the secret cannot be read, or its
 * value has a problem (a key too short). Names the variable and the secret, never the value.
 *
 * @example
 * throw new SecretVariableError("BATON_LINK_KEY_SECRET_ARN", arn, "must hold at least 256 bits");
 */
export class SecretVariableError extends Error {
  override readonly name = "Baton.SecretVariable";
  /** The variable naming the secret, e.g. `BATON_LINK_KEY_SECRET_ARN`. */
  readonly variable: string;
  /** The secret it names (its ARN). */
  readonly secretId: string;
  /** What is wrong, e.g. `cannot be read (ResourceNotFoundException)`. */
  readonly problem: string;

  constructor(variable: string, secretId: string, problem: string, options?: ErrorOptions) {
    super(`environment variable ${variable} names ${secretId}, which ${problem}`, options);
    this.variable = variable;
    this.secretId = secretId;
    this.problem = problem;
  }
}
