import type { Problem } from "./problem.ts";

/**
 * Thrown where a valid template is required and the given one is not; carries every problem.
 *
 * @example
 * const result = validateTemplate(document);
 * if (!result.ok) throw new TemplateRefusedError(result.problems);
 */
export class TemplateRefusedError extends Error {
  override readonly name = "TemplateRefusedError";
  readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[], options?: { cause?: unknown }) {
    const first = problems[0];
    const summary = first ? `[${first.rule}] ${first.message}` : "no problem given";
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : "";
    super(`template refused: ${summary}${more}`, options);
    this.problems = problems;
  }
}
