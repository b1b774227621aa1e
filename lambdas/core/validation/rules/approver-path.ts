import { dominators } from "../dominators.ts";
import type { Problem } from "../problem.ts";
import { nodeSubject } from "../problem-subjects.ts";
import { field, readTemplateView } from "../template-view.ts";
import type { ValidationRule } from "../validation-rule.ts";

const ID = "approver-path";
const FORBIDDEN_SEGMENTS: readonly string[] = ["__proto__", "constructor", "prototype"];

/**
 * SEMANTICS §3, §5: `approvers.path` reads the flow context `{ input, nodes }`, so it starts
 * with `input.` or `nodes.`. A `nodes.<id>` path names a node on every path from start to the
 * approval — sure to have completed when it activates — and reads its `output` (the only part
 * of a node's entry that can hold user ids).
 */
export const approverPath: ValidationRule = {
  id: ID,
  description:
    "`approvers.path` starts with `input.` or `nodes.<id>.output`, where `<id>` is on every path from start to the approval, and has no empty or prototype segment.",
  check(document) {
    const view = readTemplateView(document);
    const dominating = dominators(view);
    const problems: Problem[] = [];
    for (const node of view.nodes) {
      if (node.type !== "approval") continue;
      const path = field(node.raw.approvers, "path");
      if (typeof path !== "string" || path.length === 0) continue;
      const reason = refusal(path, node.id, view.byId, dominating.get(node.id));
      if (!reason) continue;
      problems.push({
        rule: ID,
        message: `${nodeSubject(node)}: approvers.path \`${path}\` ${reason}`,
        node: node.id,
        path: ["nodes", node.index, "approvers", "path"],
      });
    }
    return problems;
  },
};

function refusal(
  path: string,
  nodeId: string,
  byId: ReadonlyMap<string, unknown>,
  before: ReadonlySet<string> | undefined,
): string | undefined {
  const segments = path.split(".");
  const [root, second, third] = segments;
  if ((root !== "input" && root !== "nodes") || segments.length < 2) {
    return "must start with `input.` or `nodes.`";
  }
  const forbidden = segments.find((segment) => FORBIDDEN_SEGMENTS.includes(segment));
  if (forbidden !== undefined) return `uses the forbidden segment \`${forbidden}\``;
  if (segments.includes("")) return "has an empty segment";
  if (root === "input" || second === undefined) return undefined;
  if (!byId.has(second)) return `names \`${second}\`, which is not a node of the template`;
  if (second === nodeId || (before && !before.has(second))) {
    return `reads node \`${second}\`, which is not on every path from start to \`${nodeId}\``;
  }
  if (third !== "output") return `must read the node's output: \`nodes.${second}.output…\``;
  return undefined;
}
