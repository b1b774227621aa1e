import type { ApprovalAction } from "../approval/approval-action.ts";

/**
 * Something that happens to a pending node from outside the engine: a person's decision, a
 * plugin's report, or a timer running out. The shape of a `baton simulate` script step.
 *
 * @example
 * const step: FlowAction = { node: "lead", act: "approve", by: "alice" };
 */
export type FlowAction =
  | ({ node: string } & ApprovalAction)
  | { node: string; act: "succeed"; output?: Record<string, unknown> }
  | { node: string; act: "fail"; output?: Record<string, unknown> }
  | { node: string; act: "timeout" };

/**
 * What an action did: `applied`; `not-pending` when its node was not waiting for anything at
 * that moment (simulation reports these as ignored); `not-permitted` when the node was pending
 * but the action may not act on it (changes nothing, is not reported).
 */
export type ActionEffect = "applied" | "not-pending" | "not-permitted";
