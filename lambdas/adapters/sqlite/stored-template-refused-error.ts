import { formatQueryProblem, type QueryProblem } from "../../core/conditions/query-problems.ts";

/** A problem of a stored version's `when` query, and the edge it is on. */
export interface StoredConditionProblem {
  /** The edge, as `from→to`. */
  edge: string;
  problem: QueryProblem;
}

/**
 * Thrown when a template version read from `template_versions` has a `when` query the query
 * checker refuses (an operator outside the allowlist, a forbidden path segment, a malformed
 * operand). The engine compiles a template's conditions without checking them again, trusting
 * that the template was validated; a stored row may have been written by an older Baton, or by
 * hand, so the SQLite catalog checks its conditions as it reads it and serves no version that
 * fails. Names the template, the version and every problem.
 *
 * @example
 * throw new StoredTemplateRefusedError("leave", 1, [
 *   { edge: "start→lead", problem: { path: ["$where"], operator: "$where", message: "operator $where is not allowed (it runs code)" } },
 * ]);
 */
export class StoredTemplateRefusedError extends Error {
  override readonly name = "StoredTemplateRefusedError";
  readonly templateId: string;
  readonly version: number;
  readonly problems: readonly StoredConditionProblem[];

  constructor(templateId: string, version: number, problems: readonly StoredConditionProblem[]) {
    const first = problems[0];
    const summary = first
      ? `edge \`${first.edge}\`: when ${formatQueryProblem(first.problem)}`
      : "no problem given";
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : "";
    super(
      `${templateId} v${version} as stored is refused, a condition fails the query check: ${summary}${more}`,
    );
    this.templateId = templateId;
    this.version = version;
    this.problems = problems;
  }
}
