/**
 * A queue refused a message for good: it does not exist, the sender may not send to it, its
 * key may not be used, or the message is not one it takes. Sending it again would be refused
 * again; thrown by {@link QueueSender} adapters. The code is the service's (e.g.
 * `QueueDoesNotExist`, `AccessDenied`), the message names nothing else.
 *
 * @example
 * throw new QueueRefusedError("QueueDoesNotExist");
 */
export class QueueRefusedError extends Error {
  override readonly name = "Baton.QueueRefused";
  /** The service's error code. */
  readonly code: string;

  constructor(code: string) {
    super(`the queue refused the message (${code})`);
    this.code = code;
  }
}
