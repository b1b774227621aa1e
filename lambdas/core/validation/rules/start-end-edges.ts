import type { Problem } from "../problem.ts";
import { edgeName, edgeSubject } from "../problem-subjects.ts";
import { readTemplateView } from "../template-view.ts";
import type { ValidationRule } from "../validation-rule.ts";

const ID = "start-end-edges";

/** SEMANTICS §2: nothing flows into `start`, nothing flows out of `end`. */
export const startEndEdges: ValidationRule = {
  id: ID,
  description: "The start node has no incoming edge and the end node has no outgoing edge.",
  check(document) {
    const view = readTemplateView(document);
    const problems: Problem[] = [];
    for (const edge of view.edges) {
      const to = view.byId.get(edge.to);
      const from = view.byId.get(edge.from);
      if (to?.type === "start") {
        problems.push({
          rule: ID,
          message: `${edgeSubject(edge)} leads into the start node \`${to.id}\`; start cannot have incoming edges`,
          edge: edgeName(edge),
          node: to.id,
          path: ["edges", edge.index, "to"],
        });
      }
      if (from?.type === "end") {
        problems.push({
          rule: ID,
          message: `${edgeSubject(edge)} leaves the end node \`${from.id}\`; end cannot have outgoing edges`,
          edge: edgeName(edge),
          node: from.id,
          path: ["edges", edge.index, "from"],
        });
      }
    }
    return problems;
  },
};
