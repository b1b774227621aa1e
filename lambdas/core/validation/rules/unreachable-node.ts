import { reachable, successors } from "../graph-search.ts";
import type { Problem } from "../problem.ts";
import { nodeSubject } from "../problem-subjects.ts";
import { readTemplateView } from "../template-view.ts";
import type { ValidationRule } from "../validation-rule.ts";

const ID = "unreachable-node";

/** SEMANTICS §2: every node can be reached from start. */
export const unreachableNode: ValidationRule = {
  id: ID,
  description:
    "Every node can be reached from the start node (checked when there is a start node).",
  check(document) {
    const view = readTemplateView(document);
    const starts = [...view.byId.values()].filter((node) => node.type === "start");
    if (starts.length === 0) return [];
    const seen = reachable(
      starts.map((node) => node.id),
      successors(view),
    );
    const problems: Problem[] = [];
    for (const node of view.byId.values()) {
      if (seen.has(node.id)) continue;
      problems.push({
        rule: ID,
        message: `${nodeSubject(node)} cannot be reached from start`,
        node: node.id,
        path: ["nodes", node.index],
      });
    }
    return problems;
  },
};
