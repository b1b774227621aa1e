import { type Directory, staticDirectory } from "../approval/directory.ts";
import { ActingFlowRun } from "../engine/acting-flow-run.ts";
import type { EngineOptions } from "../engine/engine-options.ts";
import type { FlowAction } from "../engine/flow-action.ts";
import { initialState } from "../engine/initial-state.ts";
import type { InstanceState, InstanceStatus } from "../engine/instance-state.ts";
import { indexTemplate } from "../engine/template-index.ts";
import type { FlowNode, NodeType, Template } from "../model/template.ts";

/** One node the previewed path reaches, in the order it would activate. */
export interface PreviewStep {
  node: string;
  type: NodeType;
  /** For an approval: its seats as the engine resolved them, each seat's holders. */
  approvers?: string[][];
  /** For an approval whose approvers resolve to nobody: why (the node would fail). */
  error?: string;
}

/** Where an input would go if every approval were approved and every task succeeded. */
export interface PathPreview {
  /** The dry run's last state: each node's and edge's status, for the picture. */
  state: InstanceState;
  /** How the dry run ended (`running` only when something no approval or task moves waits). */
  status: InstanceStatus;
  /** The nodes it activated, in order. */
  steps: PreviewStep[];
}

/**
 * The actions that move one active node towards its verdict: a task succeeds; an approval is
 * approved by the first holder of each seat still open (a seat's order, a sequence's turn and an
 * add-sign are the engine's to judge: an action out of turn is simply not permitted).
 */
function happyActions(node: FlowNode, state: InstanceState): FlowAction[] {
  if (node.type === "task") return [{ node: node.id, act: "succeed" }];
  if (node.type !== "approval") return [];
  const seats = state.approvals[node.id]?.seats ?? [];
  return seats.flatMap((seat) => {
    const by = seat.holders[0];
    return seat.decision === undefined && by !== undefined
      ? [{ node: node.id, act: "approve" as const, by }]
      : [];
  });
}

function stepsOf(template: Template, state: InstanceState): PreviewStep[] {
  const types = new Map(template.nodes.map((node) => [node.id, node.type]));
  const steps = new Map<string, PreviewStep>();
  for (const event of state.events) {
    const node = event.nodeId;
    const type = node === undefined ? undefined : types.get(node);
    if (node === undefined || type === undefined) continue;
    if (event.type === "node.activated") steps.set(node, { node, type });
    const step = steps.get(node);
    if (!step) continue;
    if (event.type === "approval.requested") {
      step.approvers = (event.detail?.approvers as string[][] | undefined) ?? [];
    }
    const error = state.context.nodes[node]?.output.error;
    if (event.type === "node.completed" && type === "approval" && typeof error === "string") {
      step.error = error;
    }
  }
  return [...steps.values()];
}

/**
 * Previews the path an input would take — the start page's live preview — by a dry run of the
 * reference engine's own rules (`ActingFlowRun`, the allowlisted sift conditions, seat resolution):
 * start on the input, then, round after round, every active node in the template's order is
 * moved to its happy outcome (each approval approved by the first holder of every seat, so
 * `all`, `sequence` and `vote` complete too; each task succeeds with an empty output) until the
 * instance ends or nothing moves. The input is NOT checked against the template's schema (the
 * browser has no schema validator under its CSP, and a half-filled form is previewed as it
 * stands), nor are its decisions, which give no form values, held to their node's `form`;
 * for an input the schema accepts and approvals without a `form`, the answer is what
 * `ReferenceEngine` reaches with the same decisions (where a `form` requires values, the engine
 * takes only a decision that gives them, and an edge may route on them). Imports nothing of
 * Node or ajv, so that esbuild bundles it for pages.
 *
 * @param options - the engine's surroundings (the directory for `role` approvers). @default {}
 * @example
 * const { steps } = previewPath(template, { owner: "al", memoryGb: 128 });
 * steps.map((step) => step.node); // ["start", "lead", "dba", "apply", "end"]
 */
export function previewPath(
  template: Template,
  input: unknown,
  options: EngineOptions = {},
): PathPreview {
  const directory: Directory = options.directory ?? staticDirectory();
  const run = new ActingFlowRun(indexTemplate(template), initialState(template, input), directory);
  run.begin();
  for (let moved = true; moved && run.state.status === "running"; ) {
    moved = false;
    for (const node of template.nodes) {
      for (const action of happyActions(node, run.state)) {
        if (run.state.nodes[node.id]?.status !== "active") break;
        if (run.apply(action) === "applied") moved = true;
      }
    }
  }
  return { state: run.state, status: run.state.status, steps: stepsOf(template, run.state) };
}
