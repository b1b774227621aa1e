/**
 * Why an operation refused a request, one code per answer a caller can act on; the HTTP API
 * maps each to its status (api/error-status.ts).
 */
export type RefusalCode =
  | "invalid" // 400: the request breaks a rule; `details` lists what
  | "unauthenticated" // 401
  | "forbidden" // 403: this caller may not do this
  | "not-found" // 404
  | "conflict" // 409: already decided / already done; `details` carries what was recorded
  | "gone" // 410: the approval, link or callback no longer leads anywhere
  | "too-large"; // 413

/**
 * A request an operation refuses, having changed nothing. Its message is for people and never
 * holds a token or a link secret.
 *
 * @example
 * throw new OperationRefusedError("not-found", "no instance 01J");
 */
export class OperationRefusedError extends Error {
  override readonly name = "Baton.Refused";
  readonly code: RefusalCode;
  readonly details: unknown;

  constructor(code: RefusalCode, message: string, details?: unknown) {
    super(message);
    this.code = code;
    this.details = details;
  }
}
