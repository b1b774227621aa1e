import { CliError } from "./cli-error.ts";

/** What an engine's error answer holds: `{ error: { code, message, details? } }`. */
export interface EngineErrorBody {
  code: string;
  message: string;
  details?: unknown;
}

/** How to sign in, said after a 401. */
const SIGN_IN =
  "sign in with --user NAME or BATON_USER (baton dev with BATON_DEV_AUTH=1), or --token / BATON_TOKEN for a deployed API";

/** The lines `details` reads as: one per problem when it is a list of them, else its JSON. */
function detailLines(details: unknown): string[] {
  if (details === undefined) return [];
  if (Array.isArray(details) && details.every((item) => typeof item === "string")) {
    return details.map((item) => `  - ${item}`);
  }
  return [`  details: ${JSON.stringify(details)}`];
}

/**
 * The engine refused a request: printed as `code (status): message` with its details below,
 * exit code 1, no stack trace.
 *
 * @example
 * throw new EngineRefusedError(404, { code: "not-found", message: "no instance 01J" });
 * // baton: not-found (404): no instance 01J
 */
export class EngineRefusedError extends CliError {
  override readonly name = "EngineRefusedError";
  readonly status: number;
  readonly body: EngineErrorBody;

  constructor(status: number, body: EngineErrorBody) {
    const lines = [
      `${body.code} (${status}): ${body.message}`,
      ...detailLines(body.details),
      ...(status === 401 ? [`  ${SIGN_IN}`] : []),
    ];
    super(lines.join("\n"), 1);
    this.status = status;
    this.body = body;
  }
}
