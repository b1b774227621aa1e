import { edgeOutcome } from "../../model/outcomes.ts";
import type { FlowNode } from "../../model/template.ts";
import type { Problem } from "../problem.ts";
import { edgeName, edgeSubject } from "../problem-subjects.ts";
import { readTemplateView } from "../template-view.ts";
import type { ValidationRule } from "../validation-rule.ts";

const ID = "duplicate-edge";

/** SEMANTICS §2: no two edges share `from`, `to` and (effective) `on`. */
export const duplicateEdge: ValidationRule = {
  id: ID,
  description:
    "No two edges share `from`, `to` and `on` (an absent `on` counts as the success outcome).",
  check(document) {
    const view = readTemplateView(document);
    const problems: Problem[] = [];
    const seen = new Map<string, number>();
    for (const edge of view.edges) {
      if (edge.on === null) continue;
      const from = view.byId.get(edge.from);
      if (!from?.type) continue;
      const on = edgeOutcome({ on: edge.on }, { type: from.type } as FlowNode);
      const key = JSON.stringify([edge.from, edge.to, on]);
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, edge.index);
        continue;
      }
      problems.push({
        rule: ID,
        message: `${edgeSubject(edge)} on \`${on}\` repeats edges[${first}]; two edges cannot share from, to and on`,
        edge: edgeName(edge),
        path: ["edges", edge.index],
      });
    }
    return problems;
  },
};
