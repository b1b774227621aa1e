/**
 * A start input that does not satisfy the template's `input` schema. No instance is created.
 *
 * @example
 * try { startInstance(template, { memoryGb: "big" }); }
 * catch (error) { if (error instanceof InputRefusedError) console.log(error.problems); }
 */
export class InputRefusedError extends Error {
  override readonly name = "InputRefusedError";
  readonly problems: readonly string[];

  constructor(templateId: string, problems: readonly string[]) {
    super(`input refused by template ${templateId}: ${problems.join("; ")}`);
    this.problems = problems;
  }
}
