import { OUTCOMES_BY_NODE_TYPE } from "../../model/outcomes.ts";
import type { Problem } from "../problem.ts";
import { edgeName, edgeSubject } from "../problem-subjects.ts";
import { readTemplateView } from "../template-view.ts";
import type { ValidationRule } from "../validation-rule.ts";

const ID = "edge-outcome";

/** SEMANTICS §1, §2: an edge's `on` is an outcome its `from` node can have. */
export const edgeOutcomeFits: ValidationRule = {
  id: ID,
  description: "An edge's `on` is an outcome the type of its `from` node can have.",
  check(document) {
    const view = readTemplateView(document);
    const problems: Problem[] = [];
    for (const edge of view.edges) {
      const from = view.byId.get(edge.from);
      // Edges out of end are refused by start-end-edges already.
      if (!edge.on || !from?.type || from.type === "end") continue;
      const allowed = OUTCOMES_BY_NODE_TYPE[from.type];
      if (allowed.includes(edge.on)) continue;
      const fits =
        allowed.length === 0
          ? "it has no outcome to follow"
          : `it can only be ${allowed.join(", ")}`;
      problems.push({
        rule: ID,
        message: `${edgeSubject(edge)}: on \`${edge.on}\` does not fit ${from.type} node \`${from.id}\`; ${fits}`,
        edge: edgeName(edge),
        node: from.id,
        path: ["edges", edge.index, "on"],
      });
    }
    return problems;
  },
};
