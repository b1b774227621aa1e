import {
  type EdgeStatus,
  type InstanceStatus,
  NODE_STATUSES,
  type NodeStatus,
} from "../../core/engine/instance-state.ts";
import type { WordOf } from "../../core/graph/picture-words.ts";
import type { HistoryRow } from "./instance-history.ts";
import { auditWords } from "./instance-page.ts";
import type { InstanceSnapshot } from "./instance-snapshot.ts";
import type { InstanceText } from "./instance-text.ts";

/**
 * What the instance page's script refreshes the page with (`GET /ui/instances/{id}/state.json`):
 * the words it shows already in the page's language, the picture's classes by node id and edge
 * index, and the whole history (the script adds the rows it has not drawn yet).
 */
export interface InstanceLiveState {
  status: InstanceStatus;
  statusText: string;
  /** False once the instance ended: the script stops polling. */
  running: boolean;
  /** Each approval and task, as the page's steps table lists them. */
  steps: Record<string, { status: NodeStatus; text: string }>;
  /** Each node's picture class suffix (`status-{…}`); `none` when it has no status. */
  nodes: Record<string, NodeStatus | "none">;
  /**
   * The word the picture writes for each node status, in the page's language: the script
   * rewrites the nodes' tooltips and the picture's description with them.
   */
  statusWords: Record<NodeStatus, string>;
  /** Each edge's picture class suffix (`edge-{…}`), in the template's order. */
  edges: (EdgeStatus | "none")[];
  history: HistoryRow[];
  audit: { state: "verified" | "broken"; text: string };
}

/**
 * The live state of an instance's page from its snapshot, in the page's words and the picture's
 * (`pictureWord`, the words its picture was drawn with).
 *
 * @example
 * const rows = historyRows(snapshot.history, snapshot.template, text, "en");
 * c.json(instanceLiveState(snapshot, rows, text, pictureWords(PICTURE_TEXT[locale])));
 */
export function instanceLiveState(
  snapshot: InstanceSnapshot,
  history: HistoryRow[],
  text: InstanceText,
  pictureWord: WordOf,
): InstanceLiveState {
  const { view, template, picture } = snapshot;
  const steps: InstanceLiveState["steps"] = {};
  const nodes: InstanceLiveState["nodes"] = {};
  for (const node of template?.nodes ?? []) {
    const status = picture?.nodes[node.id]?.status;
    nodes[node.id] = status ?? "none";
    if (node.type === "approval" || node.type === "task") {
      const shown = status ?? "waiting";
      steps[node.id] = { status: shown, text: text.nodeStatus[shown] };
    }
  }
  return {
    status: view.status,
    statusText: text.instanceStatus[view.status],
    running: view.status === "running",
    steps,
    nodes,
    statusWords: Object.fromEntries(
      NODE_STATUSES.map((status) => [status, pictureWord(status)]),
    ) as Record<NodeStatus, string>,
    edges: (template?.edges ?? []).map((_, index) => picture?.edges[index]?.status ?? "none"),
    history,
    audit: {
      state: snapshot.audit.verified ? "verified" : "broken",
      text: auditWords(snapshot.audit, text),
    },
  };
}
