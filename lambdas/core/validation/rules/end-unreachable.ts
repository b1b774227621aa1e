import { reachable, successors } from "../graph-search.ts";
import type { Problem } from "../problem.ts";
import { nodeSubject } from "../problem-subjects.ts";
import { readTemplateView } from "../template-view.ts";
import type { ValidationRule } from "../validation-rule.ts";

const ID = "end-unreachable";

/** SEMANTICS §2: from every node some path leads to end. */
export const endUnreachable: ValidationRule = {
  id: ID,
  description:
    "From every node some path leads to the end node (checked when there is an end node).",
  check(document) {
    const view = readTemplateView(document);
    const ends = [...view.byId.values()].filter((node) => node.type === "end");
    if (ends.length === 0) return [];
    const canFinish = reachable(
      ends.map((node) => node.id),
      successors(view, true),
    );
    const problems: Problem[] = [];
    for (const node of view.byId.values()) {
      if (canFinish.has(node.id)) continue;
      problems.push({
        rule: ID,
        message: `${nodeSubject(node)} has no path to end`,
        node: node.id,
        path: ["nodes", node.index],
      });
    }
    return problems;
  },
};
