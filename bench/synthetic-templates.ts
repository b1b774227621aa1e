import type { JoinMode, Template, TemplateDocument } from "../lambdas/core/model/template.ts";
import { validateTemplate } from "../lambdas/core/validation/validate-template.ts";

/** A template built in code for the bench, with what the bench needs to know about it. */
export interface SyntheticTemplate {
  /** `chain-100`, `fan-out-all-10`, … */
  name: string;
  kind: "chain" | "fan-out";
  /** How many approval nodes it holds. */
  approvals: number;
  template: Template;
}

function valid(document: TemplateDocument): Template {
  const result = validateTemplate(document);
  if (!result.ok) throw new Error(`${document.id}: ${result.problems[0]?.message ?? "refused"}`);
  return result.template;
}

/**
 * `start → a1 → a2 → … → aN → end`: N approvals in a row, each decided by one user.
 *
 * @example
 * chainOf(10).template.nodes.length; // 12
 */
export function chainOf(count: number): SyntheticTemplate {
  const ids = Array.from({ length: count }, (_, index) => `a${index + 1}`);
  const path = ["start", ...ids, "end"];
  return {
    name: `chain-${count}`,
    kind: "chain",
    approvals: count,
    template: valid({
      id: `chain-${count}`,
      version: 1,
      nodes: [
        { id: "start", type: "start" },
        ...ids.map((id) => ({ id, type: "approval" as const, approvers: { users: ["u"] } })),
        { id: "end", type: "end" },
      ],
      edges: path.slice(1).map((to, index) => ({ from: path[index] ?? "start", to })),
    }),
  };
}

/**
 * `start → r1 … rK → joined → end`: K approvals side by side, joined by a gateway with
 * `join: all` (every one must approve) or `join: any` (the first approval wins).
 *
 * @example
 * fanOutOf(10, "any").template.nodes.length; // 13
 */
export function fanOutOf(count: number, join: JoinMode): SyntheticTemplate {
  const ids = Array.from({ length: count }, (_, index) => `r${index + 1}`);
  return {
    name: `fan-out-${join}-${count}`,
    kind: "fan-out",
    approvals: count,
    template: valid({
      id: `fan-out-${join}-${count}`,
      version: 1,
      nodes: [
        { id: "start", type: "start" },
        ...ids.map((id) => ({ id, type: "approval" as const, approvers: { users: ["u"] } })),
        { id: "joined", type: "gateway", join },
        { id: "end", type: "end" },
      ],
      edges: [
        ...ids.map((id) => ({ from: "start", to: id })),
        ...ids.map((id) => ({ from: id, to: "joined" })),
        { from: "joined", to: "end" },
      ],
    }),
  };
}
