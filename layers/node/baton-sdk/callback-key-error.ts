/**
 * The secret a plugin function's callback key is read from cannot serve: it cannot be read
 * (its AWS error's name is given), holds no text, or holds fewer than 43 characters (the
 * 256 bits the backend requires of its signing keys). The message names the variable and the
 * secret's ARN, never the secret's value.
 *
 * @example
 * try { await callbackKey(); } catch (error) { if (error instanceof CallbackKeyError) console.error(error.secretId); throw error; }
 */
export class CallbackKeyError extends Error {
  override readonly name = "Baton.CallbackKeyUnusable";
  /** The variable that named the secret: `BATON_CALLBACK_KEY_SECRET_ARN`. */
  readonly variable: string;
  /** The secret's ARN, as the variable holds it. */
  readonly secretId: string;

  constructor(variable: string, secretId: string, problem: string, options?: ErrorOptions) {
    super(`environment variable ${variable} names ${secretId}, which ${problem}`, options);
    this.variable = variable;
    this.secretId = secretId;
  }
}
