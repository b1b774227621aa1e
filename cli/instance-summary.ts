import type { InstanceView } from "../lambdas/core/operations/read-instance.ts";
import { waitingOn } from "./instance-progress.ts";
import { columns } from "./text-columns.ts";

/**
 * An instance in a few lines for people: id, template and status; who started it and when;
 * how it ended; then each approval and task with its status and, while active, what it waits
 * on (the reason of a failed node).
 *
 * @example
 * instanceSummaryLines(view);
 * // ["06H… cache-change v1  running", "started by wu-lei at 2026-…", "", "  lead  active  approval from zhou-min", …]
 */
export function instanceSummaryLines(view: InstanceView): string[] {
  const waits = new Map(waitingOn(view).map((wait) => [wait.node, wait.what]));
  const ended =
    view.endedAt === undefined
      ? []
      : [`ended ${view.status} at ${view.endedAt}${view.reason ? `: ${view.reason}` : ""}`];
  const rows = Object.entries(view.nodes).map(([id, node]) => [
    `  ${id}`,
    node.status,
    waits.get(id) ?? node.reason ?? "",
  ]);
  return [
    `${view.instanceId}  ${view.templateId} v${view.templateVersion}  ${view.status}`,
    `started by ${view.starter} at ${view.createdAt}`,
    ...ended,
    ...(rows.length > 0 ? ["", ...columns(rows)] : []),
  ];
}
