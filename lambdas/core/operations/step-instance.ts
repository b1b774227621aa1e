import { StepConflictError } from "../contract/step-conflict-error.ts";
import type { InstanceState, InstanceStatus, NodeResult } from "../engine/instance-state.ts";
import type { ReferenceEngine } from "../engine/reference-engine.ts";
import { parseDuration } from "../model/duration.ts";
import type { Outcome } from "../model/template.ts";
import type { InstanceStore } from "../ports/instance-store.ts";

/** What the scheduler loop asks of its step function. */
export type StepRequest =
  | { action: "start"; instanceId: string; input: unknown }
  | { action: "read"; instanceId: string }
  | {
      action: "complete";
      instanceId: string;
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

function pendingNodes(
  engine: ReferenceEngine,
  state: InstanceState,
  activatedAt: Record<string, number>,
  now: number,
): PendingNode[] {
  return engine.template.nodes.flatMap((node) => {
    if (state.nodes[node.id]?.status !== "active") return [];
    if (node.type !== "approval" && node.type !== "task") return [];
    const limit = node.timeout === undefined ? undefined : parseDuration(node.timeout);
    if (limit === undefined) return [{ node: node.id }];
    const elapsed = (now - (activatedAt[node.id] ?? now)) / 1000;
    return [{ node: node.id, timeoutSeconds: Math.max(1, Math.ceil(limit - elapsed)) }];
  });
}

/**
 * Whether the parked nodes of a round no longer cover what the instance waits on. A parked
 * node that completed is accounted for by its own iteration; one that was cancelled still has
 * its Task parked, which only stopping the round withdraws.
 */
function mustResume(
  state: InstanceState,
  parked: readonly string[],
  pending: readonly PendingNode[],
): boolean {
  if (state.status !== "running") return true;
  const round = new Set(parked);
  if (pending.some(({ node }) => !round.has(node))) return true;
  return parked.some((id) => state.nodes[id]?.status === "cancelled");
}

/**
 * The step function of the scheduler loop that runs templates the compiler cannot express with
 * Parallel states (graphs that are not series-parallel): it starts the instance, applies the
 * completion of a parked node with the reference engine, or reads where it stands; stores the
 * state, and says which nodes to park next and how long each may still wait.
 *
 * @param now - the clock, epoch ms. @default Date.now()
 * @example
 * await stepInstance(engine, store, { action: "start", instanceId: "i-1", input: {} });
 */
export async function stepInstance(
  engine: ReferenceEngine,
  store: InstanceStore,
  request: StepRequest,
  now: number = Date.now(),
): Promise<StepResult> {
  const stored = request.action === "start" ? undefined : await store.get(request.instanceId);
  if (request.action !== "start" && !stored) {
    throw new TypeError(`no instance ${request.instanceId}`);
  }
  if (request.action === "read" && stored) {
    return {
      status: stored.state.status,
      pending: pendingNodes(engine, stored.state, stored.activatedAt, now),
      nodes: stored.state.context.nodes,
      resume: true,
    };
  }
  const state =
    request.action === "complete" && stored
      ? engine.complete(
          stored.state,
          request.completion.node,
          request.completion.outcome,
          request.completion.output,
        ).state
      : engine.start((request as { input: unknown }).input);
  const activatedAt = { ...stored?.activatedAt };
  for (const [id, node] of Object.entries(state.nodes)) {
    if (node.status === "active" && activatedAt[id] === undefined) activatedAt[id] = now;
  }
  const written = await store.put(
    { instanceId: request.instanceId, state, activatedAt, version: (stored?.version ?? 0) + 1 },
    stored?.version,
  );
  if (!written) throw new StepConflictError(`instance ${request.instanceId} changed meanwhile`);
  const pending = pendingNodes(engine, state, activatedAt, now);
  return {
    status: state.status,
    pending,
    nodes: state.context.nodes,
    resume: request.action !== "complete" || mustResume(state, request.parked, pending),
  };
}
