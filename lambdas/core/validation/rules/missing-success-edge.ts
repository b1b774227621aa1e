import { edgeOutcome, successOutcome } from "../../model/outcomes.ts";
import type { FlowNode } from "../../model/template.ts";
import type { Problem } from "../problem.ts";
import { nodeSubject } from "../problem-subjects.ts";
import { readTemplateView } from "../template-view.ts";
import type { ValidationRule } from "../validation-rule.ts";

const ID = "missing-success-edge";

/** SEMANTICS §2: every node but end has an edge for its success outcome. */
export const missingSuccessEdge: ValidationRule = {
  id: ID,
  description:
    "Every node except end has an outgoing edge for its success outcome (`approved` for approvals, `succeeded` otherwise).",
  check(document) {
    const view = readTemplateView(document);
    const problems: Problem[] = [];
    for (const node of view.byId.values()) {
      if (!node.type || node.type === "end") continue;
      const success = successOutcome(node.type);
      const from = { type: node.type } as FlowNode;
      const covered = view.edges.some(
        (edge) =>
          edge.from === node.id &&
          edge.on !== null &&
          edgeOutcome({ on: edge.on }, from) === success,
      );
      if (covered) continue;
      problems.push({
        rule: ID,
        message: `${nodeSubject(node)} has no outgoing edge for \`${success}\``,
        node: node.id,
        path: ["nodes", node.index],
      });
    }
    return problems;
  },
};
