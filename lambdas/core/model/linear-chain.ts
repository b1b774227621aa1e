import type { ApprovalMode, ApprovalNode, Approvers, Template } from "./template.ts";
import { withNodeDefaults, withTemplateDefaults } from "./template-defaults.ts";

/** One step of a dynamic linear flow (Comet's 动态线性流程): who approves, and how. */
export interface LinearStep {
  approvers: Pick<Approvers, "users" | "groups">;
  /** @default "any" */
  mode?: Exclude<ApprovalMode, "vote">;
}

/**
 * The template a dynamic linear flow means: its steps as approvals in a chain, `step-1` first.
 * The built-in linear state machine runs any chain without compiling it; this template is
 * what the reference engine runs to say what the chain means.
 *
 * @example
 * linearTemplate([{ approvers: { users: ["lee"] } }, { approvers: { users: ["dana"] } }])
 *   .nodes.map((node) => node.id); // ["start", "step-1", "step-2", "end"]
 */
export function linearTemplate(steps: readonly LinearStep[]): Template {
  const ids = steps.map((_, index) => `step-${index + 1}`);
  const chain = ["start", ...ids, "end"];
  return withTemplateDefaults({
    id: "linear",
    version: 1,
    nodes: [
      { id: "start", type: "start" },
      ...steps.map((step, index) => linearStepNode(ids[index] as string, step)),
      { id: "end", type: "end" },
    ],
    edges: chain.slice(1).map((to, index) => ({ from: chain[index] as string, to })),
  });
}

/**
 * The approval node a step of a dynamic linear flow means, named `id`: its approvers and mode,
 * with the mode's default when it has none, as a template's approval gets at load.
 *
 * @example
 * linearStepNode("step-1", { approvers: { users: ["lee"] } }).mode; // "any"
 */
export function linearStepNode(
  id: string,
  step: Pick<ApprovalNode, "approvers"> & { mode?: ApprovalMode },
): ApprovalNode {
  return withNodeDefaults({ id, type: "approval", approvers: step.approvers, mode: step.mode });
}
