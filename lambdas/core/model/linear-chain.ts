import type { ApprovalMode, Approvers, Template } from "./template.ts";

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
  return {
    id: "linear",
    version: 1,
    nodes: [
      { id: "start", type: "start" },
      ...steps.map((step, index) => ({
        id: ids[index] as string,
        type: "approval" as const,
        approvers: step.approvers,
        mode: step.mode ?? "any",
      })),
      { id: "end", type: "end" },
    ],
    edges: chain.slice(1).map((to, index) => ({ from: chain[index] as string, to })),
  };
}
