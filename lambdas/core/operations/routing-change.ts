import type { Outcome, Template } from "../model/template.ts";
import type { FlowEventType } from "../records/bus-event.ts";
import type { HistoryEntry } from "../records/history-entry.ts";
import { mayKillEdges } from "./skipped-nodes.ts";

/**
 * The changes after which nodes may have become skipped, or a node or instance copied (CC).
 *
 * @example
 * const routing = written.filter((entry) => ROUTING_CHANGES.includes(entry.type));
 */
export const ROUTING_CHANGES: readonly FlowEventType[] = [
  "flow.started",
  "node.completed",
  "flow.ended",
];

/**
 * Whether a change can have left edges dead, so that nodes may now be skipped.
 *
 * @example
 * if (killsEdges(template, entry)) await recordSkips(backend, instance, template);
 */
export function killsEdges(
  template: Template,
  entry: Pick<HistoryEntry, "type" | "nodeId" | "detail">,
): boolean {
  if (entry.type === "flow.started") {
    const start = template.nodes.find((node) => node.type === "start");
    return start !== undefined && mayKillEdges(template, start.id, "succeeded");
  }
  const outcome = (entry.detail as { outcome?: Outcome }).outcome;
  return (
    entry.type === "node.completed" &&
    entry.nodeId !== undefined &&
    outcome !== undefined &&
    mayKillEdges(template, entry.nodeId, outcome)
  );
}
