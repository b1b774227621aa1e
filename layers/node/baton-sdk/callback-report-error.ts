/**
 * The engine refused a callback report: `status` is the HTTP status (`401` for a signature
 * that does not hold, `404` for an unknown callback, `410` once the task's state is gone,
 * `413` for a report over 16 KiB), `code` the API's error code.
 *
 * @example
 * try { await client.succeeded(output); } catch (error) { if (error instanceof CallbackReportError && error.status === 410) return; throw error; }
 */
export class CallbackReportError extends Error {
  override readonly name = "Baton.CallbackReportRefused";
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(`the callback report was refused (${status} ${code}): ${message}`);
    this.status = status;
    this.code = code;
  }
}
