import { CliError } from "./cli-error.ts";

/**
 * No answer from the engine at all (refused connection, unknown host, an answer that is not
 * Baton's): exit code 3, so a script can tell it from a refusal (1) and a bad argument (2).
 *
 * @example
 * throw new EngineUnreachableError("http://127.0.0.1:3000", "ECONNREFUSED");
 * // baton: cannot reach the engine at http://127.0.0.1:3000 (ECONNREFUSED); is baton dev running? (--url, BATON_URL)
 */
export class EngineUnreachableError extends CliError {
  override readonly name = "EngineUnreachableError";

  constructor(url: string, why: string) {
    super(
      `cannot reach the engine at ${url} (${why}); is baton dev running? (--url, BATON_URL)`,
      3,
    );
  }
}
