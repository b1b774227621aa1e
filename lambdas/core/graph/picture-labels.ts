/**
 * What every picture of a template writes on its nodes and edges, whatever draws it (mermaid
 * source or SVG): the lines of a node's label and the parts of an edge's label, as plain text.
 */
import { isFailureOutcome, successOutcome } from "../model/outcomes.ts";
import type {
  ApprovalNode,
  Approvers,
  Edge,
  FlowNode,
  Outcome,
  TaskNode,
} from "../model/template.ts";
import { conditionText } from "./condition-text.ts";
import { pictureWords, type WordOf } from "./picture-words.ts";

/**
 * The lines of a node's label: its name; for an approval its mode (a vote with its
 * threshold), its approvers and its timeout with what the timeout decides; for a task its plugin
 * and mode, then its limits (timeout, heartbeat, retry attempts); `join any` on any node that
 * joins that way (`join all`, the default, is not written).
 *
 * @example
 * const lead = withNodeDefaults({ id: "lead", type: "approval", approvers: { path: "input.owner" } });
 * nodeLabelLines(lead); // ["lead", "any", "from input.owner"]
 * const pay = withNodeDefaults({ id: "pay", type: "task", plugin: "erp.pay", timeout: "PT1H" });
 * nodeLabelLines(pay); // ["pay", "erp.pay · sync", "timeout PT1H"]
 */
export function nodeLabelLines(node: FlowNode, word: WordOf = pictureWords()): string[] {
  const joinLines = node.join === "any" ? [word("join any")] : [];
  switch (node.type) {
    case "approval":
      return [node.name, ...approvalDetails(node, word), ...joinLines];
    case "task":
      return [node.name, ...taskDetails(node, word), ...joinLines];
    default:
      return [node.name, ...joinLines];
  }
}

function approvalDetails(node: ApprovalNode, word: WordOf): string[] {
  const details = [
    node.mode === "vote" && node.threshold !== undefined
      ? `${word("vote")} ≥ ${Number((node.threshold * 100).toFixed(1))}%`
      : word(node.mode),
    approversText(node.approvers, word),
  ];
  if (node.timeout !== undefined) {
    const decides = node.onTimeout === undefined ? "" : ` → ${word(node.onTimeout)}`;
    details.push(`${word("timeout")} ${node.timeout}${decides}`);
  }
  return details;
}

function approversText(approvers: Approvers, word: WordOf): string {
  if (approvers.users !== undefined) return `${word("users")}: ${approvers.users.join(", ")}`;
  if (approvers.path !== undefined) return `${word("from")} ${approvers.path}`;
  if (approvers.groups !== undefined) {
    const groups = approvers.groups.map((group) => `[${group.join(", ")}]`).join(" ");
    return `${word("groups")}: ${groups}`;
  }
  if (approvers.role !== undefined) return `${word("role")}: ${approvers.role}`;
  return word("no approvers");
}

function taskDetails(node: TaskNode, word: WordOf): string[] {
  const limits = [
    node.timeout === undefined ? undefined : `${word("timeout")} ${node.timeout}`,
    node.heartbeat === undefined ? undefined : `${word("heartbeat")} ${node.heartbeat}`,
    node.retry === undefined ? undefined : `${word("retry")} ×${node.retry.attempts}`,
  ].filter((limit) => limit !== undefined);
  const details = [`${node.plugin} · ${word(node.mode)}`];
  if (limits.length > 0) details.push(limits.join(" · "));
  return details;
}

/**
 * The outcome an edge follows, when it can be told: its `on`, else the success outcome of its
 * `from` node (`undefined` only for an edge from a node the template lacks and without `on`).
 */
function followedOutcome(edge: Edge, from: FlowNode | undefined): Outcome | undefined {
  return edge.on ?? (from && successOutcome(from.type));
}

/**
 * The parts of an edge's label, in order: the outcome it follows when that is not its `from`
 * node's success, its `when` condition in readable form ({@link conditionText}, never
 * translated) and `default`. Empty for a plain success edge.
 *
 * @example
 * edgeLabelParts({ from: "pay", to: "manual", on: "failed" }, payTask);               // ["failed"]
 * edgeLabelParts({ from: "lead", to: "sre", when: { "input.gb": { $gt: 64 } } }, lead); // ["input.gb > 64"]
 */
export function edgeLabelParts(
  edge: Edge,
  from: FlowNode | undefined,
  word: WordOf = pictureWords(),
): string[] {
  const outcome = followedOutcome(edge, from);
  const parts: string[] = [];
  if (outcome !== undefined && (from === undefined || outcome !== successOutcome(from.type))) {
    parts.push(word(outcome));
  }
  if (edge.when !== undefined) parts.push(conditionText(edge.when));
  if (edge.default === true) parts.push(word("default"));
  return parts;
}

/**
 * Whether an edge follows a failure outcome (`rejected`, `failed`, `timedOut`): pictures draw
 * such edges dotted.
 *
 * @example
 * followsFailure({ from: "pay", to: "manual", on: "failed" }, payTask); // true
 */
export function followsFailure(edge: Edge, from: FlowNode | undefined): boolean {
  const outcome = followedOutcome(edge, from);
  return outcome !== undefined && isFailureOutcome(outcome);
}
