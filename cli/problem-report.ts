import type { LoadedTemplate } from "../lambdas/core/template/load-template.ts";

/**
 * The lines that report a refused template file: `✗ file`, then one `file:line  [rule] message`
 * line per problem.
 *
 * @example
 * problemLines({ file: "x.yaml", problems: [{ rule: "cycle", message: "…", path: [], line: 7 }] });
 * // ["✗ x.yaml", "  x.yaml:7  [cycle] …"]
 */
export function problemLines({ file, problems }: LoadedTemplate): string[] {
  return [
    `✗ ${file}`,
    ...problems.map(
      (problem) =>
        `  ${file}${problem.line === undefined ? "" : `:${problem.line}`}  [${problem.rule}] ${problem.message}`,
    ),
  ];
}
