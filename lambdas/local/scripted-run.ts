import { type Directory, staticDirectory } from "../core/approval/directory.ts";
import type { FlowAction } from "../core/engine/flow-action.ts";
import type { InstanceStatus } from "../core/engine/instance-state.ts";
import { readPath } from "../core/engine/read-path.ts";
import type { ApprovalNode, FlowNode } from "../core/model/template.ts";
import { LocalFlowRuntime } from "./local-flow-runtime.ts";
import type { CompiledFlow } from "./simulate-asl.ts";

/** What a run cost, as the local runtime counts it: what AWS would bill or count. */
export type RunMetrics = LocalFlowRuntime["metrics"];

/** The one node a script makes go wrong, and how: everything else is approved or succeeds. */
export interface FailureStep {
  node: string;
  act: "reject" | "fail" | "timeout";
}

/** How a scripted run ended and what it cost. */
export interface ScriptedRun {
  /** The instance's status when nothing more could move. */
  status: InstanceStatus;
  metrics: RunMetrics;
  /** Actions applied from outside (decisions, plugin reports, timeouts): one API call each on AWS. */
  actions: number;
  /**
   * Approval and `sync`/`callback` task nodes whose Task state was entered (they left
   * `waiting`: activated, or dropped because their branch was stopped in the same instant).
   * Each cost one Lambda invocation, the approval request or the plugin call, so
   * `metrics.lambdaInvocations - nodeRuns - closes` is what routing, conditions and joins cost.
   */
  nodeRuns: number;
  /** Timed-out approvals closed by the machine's `Close` states, one Lambda invocation each. */
  closes: number;
  /** Whether the failing node of the script was ever pending (always true without one). */
  reached: boolean;
}

/** Options of {@link runScripted}. */
export interface ScriptedRunOptions {
  /** The one node to make go wrong. @default none: the happy path */
  failing?: FailureStep;
  /** Resolves `approvers: { role }`. @default every role empty */
  directory?: Directory;
}

/**
 * Who may act on an approval node, in seat order: its users, the first member of each group,
 * the users its `path` names in the start input, or the users of its `role`.
 */
function candidates(node: ApprovalNode, input: unknown, directory: Directory): string[] {
  const { users, groups, path, role } = node.approvers;
  if (users) return [...new Set(users)];
  if (groups) return groups.flatMap((group) => group.slice(0, 1));
  if (path !== undefined) {
    const value = readPath({ input, nodes: {} }, path);
    if (typeof value === "string") return [value];
    return Array.isArray(value) ? value.filter((user) => typeof user === "string") : [];
  }
  return role === undefined ? [] : [...directory.usersInRole(role)];
}

/**
 * Runs one instance of a compiled flow on the local runtime, acting on every pending node until
 * the instance ends: approvals are approved by each of their approvers in seat order (so that
 * `all`, `sequence` and `vote` complete too), tasks succeed, and the one `failing` node, when it
 * becomes pending, is rejected, failed or timed out instead. Throws when a node is pending but
 * no action moves it (for instance a `path` that reads node outputs rather than the input).
 *
 * @example
 * const happy = await runScripted(compileFlow(template), input);
 * const worst = await runScripted(flow, input, { failing: { node: "lead", act: "reject" } });
 * happy.metrics.stateTransitions; // 5
 */
export async function runScripted(
  flow: CompiledFlow,
  input: unknown,
  options: ScriptedRunOptions = {},
): Promise<ScriptedRun> {
  const { failing, directory = staticDirectory() } = options;
  const runtime = new LocalFlowRuntime(
    flow.template,
    flow.interpreter,
    { tenant: "default", id: "cost" },
    directory,
  );
  await runtime.start(input);
  let actions = 0;
  let reached = failing === undefined;
  const act = async (step: FlowAction) => {
    const applied = (await runtime.act(step)) === "applied";
    if (applied) actions += 1;
    return applied;
  };
  /** Acts once on a pending node as the script says; true if anything was applied. */
  const actOn = async (node: FlowNode): Promise<boolean> => {
    const fails = failing?.node === node.id ? failing.act : undefined;
    if (fails) reached = true;
    if (node.type === "task") {
      return act({
        node: node.id,
        act: fails === "timeout" ? "timeout" : fails ? "fail" : "succeed",
      });
    }
    if (node.type !== "approval") return false;
    if (fails === "timeout") return act({ node: node.id, act: "timeout" });
    const verb = fails === "reject" ? "reject" : "approve";
    const users = candidates(node, input, directory);
    let moved = false;
    for (let again = true; again && runtime.ledger.isActive(node.id); ) {
      again = false;
      for (const by of users) {
        if (!runtime.ledger.isActive(node.id)) break;
        if (await act({ node: node.id, act: verb, by })) again = moved = true;
      }
    }
    return moved;
  };
  for (;;) {
    const pending = flow.template.nodes.filter((node) => runtime.ledger.isActive(node.id));
    if (pending.length === 0) break;
    let moved = false;
    for (const node of pending) {
      if (runtime.ledger.isActive(node.id) && (await actOn(node))) moved = true;
    }
    if (!moved) {
      const ids = pending.map((node) => node.id).join(", ");
      throw new Error(`no scripted action moves the pending node(s) ${ids}`);
    }
  }
  const nodeRuns = flow.template.nodes.filter(
    (node) =>
      runtime.ledger.nodes[node.id]?.status !== "waiting" &&
      (node.type === "approval" || (node.type === "task" && node.mode !== "fire")),
  ).length;
  return {
    status: runtime.status,
    metrics: runtime.metrics,
    actions,
    nodeRuns,
    closes: runtime.closedOnTimeout,
    reached,
  };
}
