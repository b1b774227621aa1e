import { parseDuration } from "../../model/duration.ts";
import type { Problem } from "../problem.ts";
import { nodeSubject } from "../problem-subjects.ts";
import { readTemplateView } from "../template-view.ts";
import type { ValidationRule } from "../validation-rule.ts";

const ID = "heartbeat-within-timeout";

/** SEMANTICS §6: a task's `heartbeat` is shorter than its `timeout`, or it could never fire. */
export const heartbeatWithinTimeout: ValidationRule = {
  id: ID,
  description: "A task's `heartbeat` is shorter than its `timeout`.",
  check(document) {
    const view = readTemplateView(document);
    const problems: Problem[] = [];
    for (const node of view.nodes) {
      if (node.type !== "task") continue;
      const { heartbeat, timeout } = node.raw;
      if (typeof heartbeat !== "string" || typeof timeout !== "string") continue;
      const beat = parseDuration(heartbeat);
      const limit = parseDuration(timeout);
      if (beat === undefined || limit === undefined || beat < limit) continue;
      problems.push({
        rule: ID,
        message: `${nodeSubject(node)}: heartbeat ${heartbeat} must be shorter than timeout ${timeout}`,
        node: node.id,
        path: ["nodes", node.index, "heartbeat"],
      });
    }
    return problems;
  },
};
