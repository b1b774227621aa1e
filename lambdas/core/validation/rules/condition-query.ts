import { findQueryProblems, formatQueryProblem } from "../../conditions/query-problems.ts";
import type { Problem } from "../problem.ts";
import { edgeName, edgeSubject } from "../problem-subjects.ts";
import { isRecord, readTemplateView } from "../template-view.ts";
import type { ValidationRule } from "../validation-rule.ts";

const ID = "condition-query";

/**
 * SEMANTICS §2: a `when` query uses only allowlisted operators, never `$where`, `$function`,
 * `$expr` or `$regex` (at any depth), and no `__proto__`, `constructor` or `prototype` segment.
 */
export const conditionQuery: ValidationRule = {
  id: ID,
  description:
    "A `when` query uses only allowlisted operators and no `__proto__`, `constructor` or `prototype` path segment.",
  check(document) {
    const view = readTemplateView(document);
    const problems: Problem[] = [];
    for (const edge of view.edges) {
      const when = edge.raw.when;
      if (!isRecord(when)) continue;
      for (const found of findQueryProblems(when)) {
        const named: string[] = [];
        if (found.operator && !found.message.includes(found.operator)) {
          named.push(`operator \`${found.operator}\``);
        }
        if (found.segment && !found.message.includes(found.segment)) {
          named.push(`segment \`${found.segment}\``);
        }
        const suffix = named.length > 0 ? ` (${named.join(", ")})` : "";
        problems.push({
          rule: ID,
          message: `${edgeSubject(edge)}: when ${formatQueryProblem(found)}${suffix}`,
          edge: edgeName(edge),
          path: ["edges", edge.index, "when", ...found.path],
        });
      }
    }
    return problems;
  },
};
