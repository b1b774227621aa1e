import type { Directory } from "../approval/directory.ts";
import { InputRefusedError } from "../engine/input-refused-error.ts";
import type { InstanceStatus, NodeStatus } from "../engine/instance-state.ts";
import { ReferenceEngine } from "../engine/reference-engine.ts";
import { NODE_STATUS_OF, pictureOfReport } from "../graph/picture-of-report.ts";
import type { PictureState } from "../graph/picture-state.ts";
import type { Template } from "../model/template.ts";
import type { HistoryEntry } from "../records/history-entry.ts";
import type { NodeView } from "./node-views.ts";
import { completionsIn } from "./skipped-nodes.ts";

/** What {@link instancePictureState} reads of an instance. */
export interface PicturedInstance {
  status: InstanceStatus;
  input: unknown;
  /** Each approval and task as the read shows it (folded from the history). */
  nodes: Readonly<Record<string, NodeView>>;
  history: readonly HistoryEntry[];
}

/**
 * What a replay says of an approval or task that will never run, which no handler records in a
 * read's node status: skipped, poisoned, or cancelled before it activated (futile: a join `any`
 * was won elsewhere).
 */
const UNREACHED: ReadonlySet<NodeStatus | undefined> = new Set([
  "skipped",
  "poisoned",
  "cancelled",
]);

/**
 * How an instance is drawn: every node and every edge with its status. The reference engine
 * replays the start input and the outcomes the history recorded (as the backend does to find
 * skipped nodes), which gives the edges (fired, dead, poisoned) and the nodes no handler
 * records (start, gateways, end, and approvals or tasks skipped, poisoned or cancelled before
 * they activated). Every other approval and task is drawn as the history shows it — activated,
 * completed, cancelled by a race, still active when the instance was withdrawn — and `waiting`
 * until the history shows it activated (the replay runs ahead of an execution that has not
 * reached it yet); `end` waits while the instance runs. When the replay cannot start (the input
 * no longer fits the template's schema) the picture is the read's report: nodes only, edges
 * plain.
 *
 * @example
 * const view = await readInstance(backend, "default", "01J");
 * instancePictureState(template, backend.directory, view).edges[0]; // { status: "fired" }
 */
export function instancePictureState(
  template: Template,
  directory: Directory,
  instance: PicturedInstance,
): PictureState {
  const recorded = (id: string): NodeStatus | undefined => {
    const status = instance.nodes[id]?.status;
    // `idle` is left to the replay (waiting, skipped…); the others read as a report's do.
    return status === undefined || status === "idle" ? undefined : NODE_STATUS_OF[status];
  };
  try {
    const replayed = new ReferenceEngine(template, { directory }).replay(
      instance.input,
      completionsIn(instance.history),
    );
    const nodes: Record<string, { status: NodeStatus }> = {};
    for (const node of template.nodes) {
      const replay = replayed.nodes[node.id]?.status;
      const status =
        node.type === "approval" || node.type === "task"
          ? (recorded(node.id) ?? (UNREACHED.has(replay) ? replay : "waiting"))
          : node.type === "end" && instance.status === "running"
            ? "waiting"
            : replay;
      if (status !== undefined) nodes[node.id] = { status };
    }
    return { nodes, edges: replayed.edges.map(({ status }) => ({ status })) };
  } catch (error) {
    if (!(error instanceof InputRefusedError)) throw error;
    const statuses = Object.fromEntries(
      Object.entries(instance.nodes).map(([id, node]) => [id, node.status]),
    );
    return pictureOfReport(template, { status: instance.status, nodes: statuses });
  }
}
