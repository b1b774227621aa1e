/**
 * A compiled definition that `asl-validator` refuses: a fault in the compiler, never in the
 * template.
 *
 * @example
 * throw new AslDefinitionRefusedError("cache-change", ["/States/Route lead: must have Next"]);
 */
export class AslDefinitionRefusedError extends Error {
  override readonly name = "AslDefinitionRefusedError";
  readonly problems: readonly string[];

  constructor(templateId: string, problems: readonly string[]) {
    super(`the state machine compiled from ${templateId} is not valid ASL: ${problems.join("; ")}`);
    this.problems = problems;
  }
}
