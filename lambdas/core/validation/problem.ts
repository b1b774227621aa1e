/**
 * One reason a template is refused (SEMANTICS §2): which rule, what is wrong, and where.
 *
 * @example
 * const problem: Problem = {
 *   rule: "cycle",
 *   message: "nodes a, b form a cycle: a → b → a",
 *   node: "a",
 *   path: ["nodes", 1],
 *   line: 7,
 * };
 */
export interface Problem {
  /** The stable id of the rule that refused the template, e.g. `duplicate-edge`. */
  rule: string;
  /** A readable sentence naming the node, edge, operator or segment at fault. */
  message: string;
  /** The id of the node at fault, when there is one. */
  node?: string;
  /** The edge at fault as `from→to`, when there is one. */
  edge?: string;
  /** Where in the document the problem lies, e.g. `["edges", 2, "when"]`. */
  path: (string | number)[];
  /** 1-based line in the source text, when the template was read from text. */
  line?: number;
}
