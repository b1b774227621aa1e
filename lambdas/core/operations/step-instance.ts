import type { Backend } from "../backend/backend.ts";
import type { PendingNode, StepRequest, StepResult } from "../contract/handler-payloads.ts";
import { StepConflictError } from "../contract/step-conflict-error.ts";
import type { InstanceState } from "../engine/instance-state.ts";
import { TrustedInputEngine } from "../engine/trusted-input-engine.ts";
import { parseDuration } from "../model/duration.ts";
import type { LoopStateStore } from "../ports/loop-state-store.ts";
import { WriteConflictError } from "../ports/write-conflict-error.ts";

function pendingNodes(
  engine: TrustedInputEngine,
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
 * await stepInstance(engine, store, { action: "start", instance: { tenant: "default", id: "i-1" }, input: {} });
 */
export async function stepInstance(
  engine: TrustedInputEngine,
  store: LoopStateStore,
  request: StepRequest,
  now: number = Date.now(),
): Promise<StepResult> {
  const stored = request.action === "start" ? undefined : await store.get(request.instance.id);
  if (request.action !== "start" && !stored) {
    throw new TypeError(`no instance ${request.instance.id}`);
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
  try {
    await store.put(
      { instanceId: request.instance.id, state, activatedAt, version: (stored?.version ?? 0) + 1 },
      stored?.version,
    );
  } catch (error) {
    if (error instanceof WriteConflictError) {
      throw new StepConflictError(`instance ${request.instance.id} changed meanwhile`);
    }
    throw error;
  }
  const pending = pendingNodes(engine, state, activatedAt, now);
  return {
    status: state.status,
    pending,
    nodes: state.context.nodes,
    resume: request.action !== "complete" || mustResume(state, request.parked, pending),
  };
}

/**
 * {@link stepInstance} for an instance of a template version: the reference engine runs the
 * version from the backend's catalog with the backend's directory, at the backend's clock, on
 * the input the instance was created with and checked then ({@link TrustedInputEngine}).
 * Throws a `TypeError` when the catalog has no such version.
 *
 * @example
 * await stepWithTemplate(backend, loopStates, { action: "read", instance }, "expense", 1);
 */
export async function stepWithTemplate(
  backend: Backend,
  store: LoopStateStore,
  request: StepRequest,
  templateId: string,
  version: number,
): Promise<StepResult> {
  const template = await backend.templates.get(templateId, version);
  if (!template) throw new TypeError(`no template ${templateId} v${version}`);
  return stepInstance(
    new TrustedInputEngine(template, { directory: backend.directory }),
    store,
    request,
    backend.clock.now().getTime(),
  );
}
