import { cycleThrough, stronglyConnectedComponents, successors } from "../graph-search.ts";
import type { Problem } from "../problem.ts";
import { nodeSubject } from "../problem-subjects.ts";
import { readTemplateView } from "../template-view.ts";
import type { ValidationRule } from "../validation-rule.ts";

const ID = "cycle";

/** SEMANTICS §2: the graph is acyclic. One problem per group of nodes that loop together. */
export const cycle: ValidationRule = {
  id: ID,
  description: "The graph has no cycle; each group of nodes that loop together is reported once.",
  check(document) {
    const view = readTemplateView(document);
    const next = successors(view);
    const problems: Problem[] = [];
    const order = [...view.byId.values()].sort((a, b) => a.index - b.index);
    for (const component of stronglyConnectedComponents(
      order.map((node) => node.id),
      next,
    )) {
      const members = new Set(component);
      const first = order.find((node) => members.has(node.id));
      if (!first) continue;
      const loop = cycleThrough(first.id, members, next);
      if (!loop) continue;
      const names = order.filter((node) => members.has(node.id)).map((node) => `\`${node.id}\``);
      const shown = [...loop, first.id].join(" → ");
      problems.push({
        rule: ID,
        message:
          names.length === 1
            ? `${nodeSubject(first)} has an edge to itself: ${shown}`
            : `nodes ${names.join(", ")} form a cycle: ${shown}`,
        node: first.id,
        path: ["nodes", first.index],
      });
    }
    return problems;
  },
};
