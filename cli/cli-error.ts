/**
 * A refusal the CLI reports as one line on stderr, without a stack trace, and exits with.
 *
 * @example
 * throw new CliError("--input: not valid JSON", 2);
 */
export class CliError extends Error {
  override readonly name: string = "CliError";
  readonly exitCode: number;

  /** @param exitCode - the process exit code. @default 2 */
  constructor(message: string, exitCode = 2) {
    super(message);
    this.exitCode = exitCode;
  }
}
