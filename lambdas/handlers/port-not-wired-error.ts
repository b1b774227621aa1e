/**
 * A call of a backend port the handler does not wire: its code was not expected to call it
 * (`HANDLER_ACCESS`), so its function has neither the adapter nor the permission. A bug, never
 * an outcome.
 *
 * @example
 * throw new PortNotWiredError("scheduler", "api"); // a store: "stores.links"
 */
export class PortNotWiredError extends Error {
  override readonly name = "PortNotWiredError";
  /** The port called, e.g. `scheduler`, or the store, e.g. `stores.links`. */
  readonly port: string;
  /** The handler whose backend lacks it, e.g. `api`. */
  readonly handler: string;

  constructor(port: string, handler: string) {
    super(`the ${handler} function does not wire the ${port} port: its code should not call it`);
    this.port = port;
    this.handler = handler;
  }
}
