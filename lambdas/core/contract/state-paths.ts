import type { InstanceStatus, NodeResult } from "../engine/instance-state.ts";
import type { FailureOutcome } from "../model/template.ts";
import type {
  ConditionsResult,
  ExecutionInput,
  LinearStep,
  PendingNode,
  StepResult,
} from "./handler-payloads.ts";

/*
 * The state a compiled machine hands from one state to the next (Amazon States Language,
 * JSONPath), named once: which fields there are, what each holds, who writes and who reads it,
 * and the paths to them. The compiler writes every `$.…` path from here, and the handler
 * payloads name the fields they copy after them (`"instance.$": "$.instance"`).
 */

/**
 * The state of an execution of a compiled template: the execution input's fields (`instance`,
 * `input`, `nodes`, and `steps` in a dynamic linear flow), which every state carries on, and the
 * working fields compiled states add on the way. Only `instance`, `input`, `nodes` and what a
 * state writes right before its reader are ever relied on; a finished execution's output is
 * its last state (the reconciler reads `nodes` and `loop.nodes` from it).
 *
 * @example
 * const state: ExecutionState = {
 *   instance: { tenant: "default", id: "01J" },
 *   input: { amount: 12 },
 *   nodes: { lead: { outcome: "approved", output: {} } },
 *   status: "completed",
 * };
 */
export interface ExecutionState extends ExecutionInput {
  /**
   * The conditions function's verdicts on the `when` queries that are not native Choice rules,
   * one per edge as `e<edge index>`. Written by `Evaluate after <node>` (its ResultSelector
   * keeps the function's answer under `r`); read by the Choice rules routing that node's edges.
   */
  when?: { r: ConditionsResult };
  /**
   * Values native Choice rules on arrays test but cannot compute (`m0`, `m1`, …: whether an
   * array holds a value). Written by `Measure after <node>` with intrinsic functions; read by
   * the Choice rules routing that node's edges.
   */
  m?: Record<string, boolean>;
  /**
   * Why a `join: all` branch is poisoned, the reason in `Cause`. Written by a `Poisoned: …`
   * Pass or a timed-out approval's `Close` in the branch, and by a Parallel's Catch of
   * `Baton.Poisoned` (the error, its cause the reason); read by the branch's `Stop siblings`
   * (its cause), a race branch's `Poisoned` result, and `End: poisoned` (the status).
   */
  why?: { Cause: FailureOutcome; Error?: string };
  /**
   * What a Parallel's branches reported, computed by its ResultSelector: `fired` for a
   * `join: all` (some branch arrived), each poison reason for a `join: any` (some branch was
   * poisoned so). Carried through `Merge after …` Passes; read by `Join <node>`.
   */
  join?: { fired?: boolean } & Partial<Record<FailureOutcome, boolean>>;
  /**
   * The status the instance ends with. Written by `End: <status>` (or taken from `why.Cause`
   * by `End: poisoned`); read by `Record end`, which writes it on the execution item.
   */
  status?: Exclude<InstanceStatus, "running" | "cancelled">;
  /**
   * Where the instance stands in the scheduler loop: the step function's answer. Written by
   * `Start instance`, `Read instance`; read by `Route` (`status`) and `Park pending nodes`
   * (`pending`, and `nodes` for the parked nodes' payloads).
   */
  loop?: Pick<StepResult, "status" | "pending" | "nodes">;
}

/**
 * What each branch of a Parallel returns, for its ResultSelector: the branch's `nodes` (merged
 * into the join's), and whether it arrived (`a`, in a `join: all` that is not assured) or why it
 * did not (`r`: a poison reason or null, in a `join: any`).
 */
export interface BranchResult {
  nodes: Record<string, NodeResult>;
  a?: "fired" | "dead";
  r?: FailureOutcome | null;
}

/**
 * The state of one iteration of the scheduler loop's `Park pending nodes` Map: the pending
 * node it parks and the round's parked nodes (its ItemSelector), the context, and what the
 * parked node's Task left.
 */
export interface LoopItemState extends Pick<ExecutionInput, "instance" | "input" | "nodes"> {
  /** The pending node to park, with the seconds left before it times out. */
  item: PendingNode;
  /** Every node parked in this round (the step function is told them with a completion). */
  parked: string[];
  /** The parked node's outcome and output: its Task's result, or a `Record …` Pass's. */
  result?: NodeResult;
  /** The error a failure route of the parked node caught (`Error`, `Cause`). */
  error?: { Error: string; Cause: string };
  /** The step function's answer to the completion: whether the round must stop. */
  step?: Pick<StepResult, "resume">;
}

/** The state of one iteration of a dynamic linear flow's Map: one step of the chain. */
export interface LinearItemState extends Pick<ExecutionInput, "instance"> {
  /** The step's node id, `step-<n>` from 1. */
  node: string;
  /** The step's approvers and mode. */
  step: LinearStep;
}

function path(field: string, segments: readonly string[]): string {
  return ["$", field, ...segments].join(".");
}

/**
 * The reference path of a field of the execution state, and of what lies under it.
 *
 * @example
 * statePath("nodes", "lead"); // "$.nodes.lead"
 * statePath("why", "Cause");  // "$.why.Cause"
 */
export function statePath(field: keyof ExecutionState, ...segments: string[]): string {
  return path(field, segments);
}

/**
 * The reference path of a field of a scheduler-loop iteration's state ({@link LoopItemState}).
 *
 * @example
 * loopItemPath("item", "node"); // "$.item.node"
 */
export function loopItemPath(field: keyof LoopItemState, ...segments: string[]): string {
  return path(field, segments);
}

/**
 * The reference path of a field of a linear flow's iteration state ({@link LinearItemState}).
 *
 * @example
 * linearItemPath("step"); // "$.step"
 */
export function linearItemPath(field: keyof LinearItemState): string {
  return path(field, []);
}

/**
 * The path of a field of one branch's result (or of every branch's, `"*"`) in a Parallel's
 * output, which its ResultSelector reads.
 *
 * @example
 * branchPath(0, "nodes"); // "$[0].nodes"
 * branchPath("*", "r");   // "$[*].r"
 */
export function branchPath(branch: number | "*", field: keyof BranchResult): string {
  return `$[${branch}].${field}`;
}

/**
 * The path of the function's answer in a `lambda:invoke` Task's result (`{ Payload, … }`), which
 * its ResultSelector reads, and of what lies under it.
 *
 * @example
 * invokeResultPath();         // "$.Payload"
 * invokeResultPath("status"); // "$.Payload.status"
 */
export function invokeResultPath(...segments: string[]): string {
  return path("Payload", segments);
}

/** Paths into the context object (`$$`) the compiled states read. */
export const CONTEXT_PATHS = {
  /** The task token of a `waitForTaskToken` Task, handed to the function that parks it. */
  taskToken: "$$.Task.Token",
  /** The item a Map iteration runs for. */
  mapItem: "$$.Map.Item.Value",
  /** The index, from 0, of the item a Map iteration runs for. */
  mapIndex: "$$.Map.Item.Index",
  /** When the current state was entered (ISO 8601): a `fire` task's event's `at`. */
  enteredTime: "$$.State.EnteredTime",
  /**
   * A field of the execution input, read where the state no longer holds it (a Parallel's
   * ResultSelector sees only the branches' results).
   */
  executionInput: (field: keyof ExecutionInput): string => `$$.Execution.Input.${field}`,
} as const;

/**
 * Payload entries that copy fields of the state under their own names, the names the handler
 * payloads give them (`handler-payloads.ts`), in the order given.
 *
 * @example
 * carried("instance", "input"); // { "instance.$": "$.instance", "input.$": "$.input" }
 */
export function carried(...fields: (keyof ExecutionState)[]): Record<string, string> {
  return Object.fromEntries(fields.map((field) => [`${field}.$`, statePath(field)]));
}
