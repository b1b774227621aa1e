import { parseDuration } from "../../model/duration.ts";
import type { Problem } from "../problem.ts";
import { nodeSubject } from "../problem-subjects.ts";
import { field, readTemplateView } from "../template-view.ts";
import type { ValidationRule } from "../validation-rule.ts";

const ID = "duration";

/** Seconds written with a fraction (`PT1.5S`, also `PT1.0S`), which Step Functions cannot time. */
const FRACTION_OF_SECOND = /\.\d+S$/;

/** The duration fields of each node type, as paths inside the node. */
const DURATION_FIELDS: Readonly<Record<string, readonly (readonly string[])[]>> = {
  approval: [["timeout"], ["remind", "after"], ["remind", "every"]],
  task: [
    ["timeout"],
    ["heartbeat"],
    ["retry", "interval"],
    ["remind", "after"],
    ["remind", "every"],
  ],
};

/**
 * SEMANTICS §5, §6: `timeout`, `heartbeat`, `retry.interval` and `remind.after`/`remind.every`
 * are ISO-8601 durations above zero, in whole seconds (Step Functions' `TimeoutSeconds`,
 * `HeartbeatSeconds` and `IntervalSeconds` are integers; reminders keep the same rule).
 */
export const duration: ValidationRule = {
  id: ID,
  description:
    "`timeout`, `heartbeat`, `retry.interval` and `remind.after`/`every` are ISO-8601 durations (e.g. PT30M, P2D) longer than zero, in whole seconds.",
  check(document) {
    const view = readTemplateView(document);
    const problems: Problem[] = [];
    for (const node of view.nodes) {
      for (const fieldPath of DURATION_FIELDS[node.type ?? ""] ?? []) {
        const value = fieldPath.reduce<unknown>((at, key) => field(at, key), node.raw);
        if (value === undefined) continue;
        const name = fieldPath.join(".");
        const seconds = typeof value === "string" ? parseDuration(value) : undefined;
        let reason: string | undefined;
        if (seconds === undefined) {
          reason = `${name} ${JSON.stringify(value)} is not an ISO-8601 duration (e.g. PT30M, PT1H, P2D)`;
        } else if (seconds <= 0) {
          reason = `${name} ${JSON.stringify(value)} must be longer than zero`;
        } else if (FRACTION_OF_SECOND.test(String(value))) {
          reason = `${name} ${JSON.stringify(value)} must be whole seconds (Step Functions times tasks in whole seconds)`;
        }
        if (!reason) continue;
        problems.push({
          rule: ID,
          message: `${nodeSubject(node)}: ${reason}`,
          node: node.id,
          path: ["nodes", node.index, ...fieldPath],
        });
      }
    }
    return problems;
  },
};
