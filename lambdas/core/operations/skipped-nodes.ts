import type { Directory } from "../approval/directory.ts";
import type { OutsideCompletion } from "../engine/outside-completion.ts";
import { TrustedInputEngine } from "../engine/trusted-input-engine.ts";
import { edgeOutcome } from "../model/outcomes.ts";
import type { Outcome, Template } from "../model/template.ts";
import type { HistoryEntry } from "../records/history-entry.ts";

/**
 * The nodes an instance has skipped so far (docs/semantics.md §4.3: every incoming edge dead),
 * found by replaying the reference engine over the start input and the outcomes its history
 * recorded. A compiled machine routes around a skipped node without a Task, so no handler sees
 * the skip; the replay is how the backend learns it. The input is not checked again: it fitted
 * the version's schema when the instance was created ({@link TrustedInputEngine}).
 *
 * @example
 * skippedNodes(template, directory, instance.input, history); // ["manual"]
 */
export function skippedNodes(
  template: Template,
  directory: Directory,
  input: unknown,
  history: readonly HistoryEntry[],
): string[] {
  const state = new TrustedInputEngine(template, { directory }).replay(
    input,
    completionsIn(history),
  );
  return template.nodes
    .filter((node) => state.nodes[node.id]?.status === "skipped")
    .map((node) => node.id);
}

/**
 * The node completions a history recorded, in order: what a replay of the reference engine
 * takes.
 *
 * @example
 * [...completionsIn(history)]; // [{ node: "lead", outcome: "approved", output: {} }]
 */
export function* completionsIn(history: readonly HistoryEntry[]): Generator<OutsideCompletion> {
  for (const entry of history) {
    if (entry.type !== "node.completed" || entry.nodeId === undefined) continue;
    const { outcome, output } = entry.detail as {
      outcome: Outcome;
      output?: Record<string, unknown>;
    };
    yield { node: entry.nodeId, outcome, output: output ?? {} };
  }
}

/**
 * Whether a node completing with `outcome` can leave an outgoing edge dead or poisoned, and so
 * skip a node: only then is a replay worth its cost. A plain edge that follows the outcome
 * (no `when`, not a `default`) always fires, so chains never replay.
 *
 * @example
 * mayKillEdges(template, "lead", "approved"); // false for lead → end
 */
export function mayKillEdges(template: Template, nodeId: string, outcome: Outcome): boolean {
  const from = template.nodes.find((node) => node.id === nodeId);
  if (!from) return false;
  return template.edges.some(
    (edge) =>
      edge.from === nodeId &&
      (edgeOutcome(edge, from) !== outcome || edge.when !== undefined || edge.default === true),
  );
}
