import type { Problem } from "../problem.ts";
import { edgeName, edgeSubject } from "../problem-subjects.ts";
import { readTemplateView } from "../template-view.ts";
import type { ValidationRule } from "../validation-rule.ts";

const ID = "edge-missing-node";

/** SEMANTICS §2: every edge joins two nodes of the template. */
export const edgeMissingNode: ValidationRule = {
  id: ID,
  description: "An edge's `from` and `to` name nodes of the template.",
  check(document) {
    const view = readTemplateView(document);
    const problems: Problem[] = [];
    for (const edge of view.edges) {
      for (const end of ["from", "to"] as const) {
        if (view.byId.has(edge[end])) continue;
        problems.push({
          rule: ID,
          message: `${edgeSubject(edge)}: \`${end}\` names \`${edge[end]}\`, which is not a node of the template`,
          edge: edgeName(edge),
          path: ["edges", edge.index, end],
        });
      }
    }
    return problems;
  },
};
