import type { Problem } from "../problem.ts";
import { nodeSubject } from "../problem-subjects.ts";
import { readTemplateView } from "../template-view.ts";
import type { ValidationRule } from "../validation-rule.ts";

const ID = "duplicate-node-id";

/** SEMANTICS §1: node ids are unique within a template. */
export const duplicateNodeId: ValidationRule = {
  id: ID,
  description: "No two nodes share an id.",
  check(document) {
    const view = readTemplateView(document);
    const problems: Problem[] = [];
    for (const node of view.nodes) {
      const first = view.byId.get(node.id);
      if (!first || first === node) continue;
      problems.push({
        rule: ID,
        message: `${nodeSubject(node)} reuses the id of nodes[${first.index}]; node ids must be unique`,
        node: node.id,
        path: ["nodes", node.index, "id"],
      });
    }
    return problems;
  },
};
