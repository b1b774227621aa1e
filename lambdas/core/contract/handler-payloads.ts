import type { FlowContext, InstanceStatus, NodeResult } from "../engine/instance-state.ts";
import type { ApprovalMode, Approvers, Outcome, Query } from "../model/template.ts";

/**
 * Which instance a state machine runs: the tenant it belongs to and its id within the tenant.
 * Every table key carries both (docs/data-model.md).
 */
export interface InstanceRef {
  tenant: string;
  id: string;
}

/**
 * The input of every execution of a compiled template: the instance, the start input, and the
 * context entries of completed nodes (empty at start). A dynamic linear flow adds `steps`.
 * Every state carries these fields on; the working fields compiled states add beside them are
 * `ExecutionState` (`state-paths.ts`). The payloads below copy them under the same names.
 *
 * @example
 * const input: ExecutionInput = { instance: { tenant: "default", id: "i-1" }, input: {}, nodes: {} };
 */
export interface ExecutionInput {
  /** The instance the execution runs: every handler payload and the execution item's key read it. */
  instance: InstanceRef;
  /** The start input: native Choice rules, measures and the handler payloads read it. */
  input: unknown;
  /**
   * Each completed node's `{ outcome, output }` by node id: its Task (or a `Record …` Pass, or a
   * timed-out approval's `Close`) writes it, a Parallel merges its branches'; conditions, plugin
   * and approver-path payloads read it.
   */
  nodes: FlowContext["nodes"];
  /** The approval chain of a dynamic linear flow, which its Map iterates. */
  steps?: LinearStep[];
}

/** One approval step of a dynamic linear flow (no template node behind it). */
export interface LinearStep {
  approvers: Approvers;
  mode?: ApprovalMode;
}

/**
 * What the compiled machine hands the approvals function when an approval node parks
 * (`lambda:invoke.waitForTaskToken`). `input` and `nodes` come only when the approvers are
 * read from the context (`approvers.path`).
 */
export interface ApprovalRequest {
  token: string;
  instance: InstanceRef;
  node: string;
  input?: unknown;
  nodes?: FlowContext["nodes"];
  /** Approvers and mode given inline by a dynamic linear flow, which has no template node. */
  step?: LinearStep;
}

/**
 * What the compiled machine hands the approvals function when a parked approval timed out
 * (`States.Timeout` on AWS closes nothing by itself): close the record so that no later
 * decision counts, with the reason as its status.
 */
export interface ApprovalCloseRequest {
  close: "timedOut";
  instance: InstanceRef;
  node: string;
}

/** Everything the approvals function is invoked with. */
export type ApprovalsPayload = ApprovalRequest | ApprovalCloseRequest;

/**
 * What the compiled machine hands the plugins function for a `sync` task (its result is the
 * node's output) or a `callback` task (`token` given; the plugin reports through a callback id).
 */
export interface PluginRequest {
  plugin: string;
  node: string;
  token?: string;
  instance: InstanceRef;
  input: unknown;
  nodes: FlowContext["nodes"];
}

/** What the compiled machine hands the conditions function: the `when` queries it could not compile. */
export interface ConditionsRequest {
  queries: Record<string, Query>;
  input: unknown;
  nodes: FlowContext["nodes"];
}

/** The conditions function's answer: one verdict per query key. */
export type ConditionsResult = Record<string, boolean>;

/** What the scheduler loop asks of its step function. */
export type StepRequest =
  | { action: "start"; instance: InstanceRef; input: unknown }
  | { action: "read"; instance: InstanceRef }
  | {
      action: "complete";
      instance: InstanceRef;
      completion: { node: string; outcome: Outcome; output: Record<string, unknown> };
      /** The nodes parked in this round of the loop, the completed one among them. */
      parked: string[];
    };

/** A node the loop must park, with the seconds left before it times out, if it can. */
export interface PendingNode {
  node: string;
  timeoutSeconds?: number;
}

/** Where the instance stands after a step: what the loop routes and parks on. */
export interface StepResult {
  status: InstanceStatus;
  pending: PendingNode[];
  nodes: Record<string, NodeResult>;
  /**
   * Whether the loop must stop this round and park again: the instance ended, a node became
   * pending that is not parked, or a parked node was cancelled. Otherwise the other parked
   * nodes stay parked (no second request, no second plugin call) and the round goes on.
   */
  resume: boolean;
}

/** Whether an approvals payload asks to close a timed-out approval rather than open one. */
export function isCloseRequest(payload: ApprovalsPayload): payload is ApprovalCloseRequest {
  return "close" in payload;
}

/**
 * What a finished execution outputs: its last state (`ExecutionState` in `state-paths.ts`), with
 * the node results it gathered in `nodes` for native machines and in `loop.nodes` for the
 * scheduler loop.
 */
export interface ExecutionOutput {
  nodes?: Record<string, NodeResult>;
  loop?: { nodes?: Record<string, NodeResult> };
}

/**
 * The node results a finished execution carries, whichever machine ran it.
 *
 * @example
 * executionNodes({ loop: { nodes: { notify: { outcome: "succeeded", output: {} } } } }).notify;
 */
export function executionNodes(output: ExecutionOutput | undefined): Record<string, NodeResult> {
  return { ...output?.nodes, ...output?.loop?.nodes };
}
