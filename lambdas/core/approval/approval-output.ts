import type { ApprovalLogEntry } from "../engine/instance-state.ts";

/**
 * The context output of a decided approval: who decided (approve or reject), in order, merged
 * with the `output` (form values, comment) of each decision, later keys winning.
 *
 * @example
 * approvalOutput([{ seat: 0, by: "al", act: "approve", output: { level: 2 } }]);
 * // { decidedBy: ["al"], level: 2 }
 */
export function approvalOutput(log: readonly ApprovalLogEntry[]): Record<string, unknown> {
  const decisions = log.filter((entry) => entry.act === "approve" || entry.act === "reject");
  return Object.assign(
    { decidedBy: decisions.map((entry) => entry.by) },
    ...decisions.map((entry) => entry.output ?? {}),
  );
}
