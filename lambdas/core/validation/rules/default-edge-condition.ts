import type { Problem } from "../problem.ts";
import { edgeName, edgeSubject } from "../problem-subjects.ts";
import { readTemplateView } from "../template-view.ts";
import type { ValidationRule } from "../validation-rule.ts";

const ID = "default-edge-condition";

/**
 * A `default: true` edge is the else branch: it fires when no sibling did, so a `when` on it
 * would be ambiguous (ignored, or a second condition?). SEMANTICS is silent; Baton refuses it.
 */
export const defaultEdgeCondition: ValidationRule = {
  id: ID,
  description:
    "A `default: true` edge has no `when`: it is the else branch of its `from` and `on`.",
  check(document) {
    const view = readTemplateView(document);
    const problems: Problem[] = [];
    for (const edge of view.edges) {
      if (edge.raw.default !== true || edge.raw.when === undefined) continue;
      problems.push({
        rule: ID,
        message: `${edgeSubject(edge)} is a default edge, so it cannot have a \`when\`: it fires exactly when no other edge of \`${edge.from}\` with the same \`on\` fires`,
        edge: edgeName(edge),
        path: ["edges", edge.index, "when"],
      });
    }
    return problems;
  },
};
