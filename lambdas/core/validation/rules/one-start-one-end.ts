import type { Problem } from "../problem.ts";
import { nodeSubject } from "../problem-subjects.ts";
import { field, readTemplateView } from "../template-view.ts";
import type { ValidationRule } from "../validation-rule.ts";

const ID = "one-start-one-end";

/** SEMANTICS §2: a template has exactly one `start` and exactly one `end` node. */
export const oneStartOneEnd: ValidationRule = {
  id: ID,
  description: "A template has exactly one start node and exactly one end node.",
  check(document) {
    if (!Array.isArray(field(document, "nodes"))) return [];
    const { nodes } = readTemplateView(document);
    const problems: Problem[] = [];
    for (const type of ["start", "end"] as const) {
      const found = nodes.filter((node) => node.type === type);
      if (found.length === 0) {
        problems.push({
          rule: ID,
          message: `the template has no ${type} node; it needs exactly one`,
          path: ["nodes"],
        });
      }
      for (const extra of found.slice(1)) {
        problems.push({
          rule: ID,
          message: `${nodeSubject(extra)} is a second ${type} node (the first is \`${found[0]?.id}\`); a template has exactly one`,
          node: extra.id,
          path: ["nodes", extra.index],
        });
      }
    }
    return problems;
  },
};
