/**
 * A read of a signing key the handler does not wire: its code was not expected to use it
 * (`HANDLER_ACCESS`), so its function was given neither the key nor the permission to read its
 * secret. A bug, never an outcome.
 *
 * @example
 * throw new SigningKeyNotWiredError("link", "sweeper");
 */
export class SigningKeyNotWiredError extends Error {
  override readonly name = "SigningKeyNotWiredError";
  /** The key read, e.g. `link`. */
  readonly key: string;
  /** The handler whose backend lacks it, e.g. `sweeper`. */
  readonly handler: string;

  constructor(key: string, handler: string) {
    super(`the ${handler} function does not wire the ${key} key: its code should not read it`);
    this.key = key;
    this.handler = handler;
  }
}
