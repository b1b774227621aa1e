import { edgeOutcome } from "../../model/outcomes.ts";
import type { FlowNode } from "../../model/template.ts";
import type { Problem } from "../problem.ts";
import { edgeName, edgeSubject } from "../problem-subjects.ts";
import { readTemplateView } from "../template-view.ts";
import type { ValidationRule } from "../validation-rule.ts";

const ID = "duplicate-default";

/** SEMANTICS §2: at most one `default: true` edge per `from` and (effective) `on`. */
export const duplicateDefault: ValidationRule = {
  id: ID,
  description: "At most one edge with `default: true` per `from` node and `on` outcome.",
  check(document) {
    const view = readTemplateView(document);
    const problems: Problem[] = [];
    const seen = new Map<string, string>();
    for (const edge of view.edges) {
      if (edge.raw.default !== true || edge.on === null) continue;
      const from = view.byId.get(edge.from);
      if (!from?.type) continue;
      const on = edgeOutcome({ on: edge.on }, { type: from.type } as FlowNode);
      const key = JSON.stringify([edge.from, on]);
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, edgeName(edge));
        continue;
      }
      problems.push({
        rule: ID,
        message: `${edgeSubject(edge)} is a second default edge from \`${edge.from}\` on \`${on}\` (the first is \`${first}\`)`,
        edge: edgeName(edge),
        node: edge.from,
        path: ["edges", edge.index, "default"],
      });
    }
    return problems;
  },
};
