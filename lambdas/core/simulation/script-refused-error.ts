/**
 * A simulation script that is not a list of well-formed steps; each problem names the step.
 *
 * @example
 * new ScriptRefusedError(["step 2: act must be one of approve, reject, …"]);
 */
export class ScriptRefusedError extends Error {
  override readonly name = "ScriptRefusedError";
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`script refused: ${problems.join("; ")}`);
    this.problems = problems;
  }
}
