/**
 * A notifier function that cannot start: a variable of its environment is missing or wrong,
 * or its link key cannot be read. Names the variable (and the secret), never a value.
 *
 * @example
 * throw new NotifierSetupError("environment variable PUBLIC_URL is not set");
 */
export class NotifierSetupError extends Error {
  override readonly name = "Baton.NotifierSetup";

  constructor(reason: string, options?: ErrorOptions) {
    super(`the notifier function cannot start: ${reason}`, options);
  }
}
