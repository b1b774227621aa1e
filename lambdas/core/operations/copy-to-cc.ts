import { resolveSeats } from "../approval/resolve-seats.ts";
import type { Backend } from "../backend/backend.ts";
import type { NodeResult } from "../engine/instance-state.ts";
import type { Approvers, Template } from "../model/template.ts";
import type { HistoryEntry } from "../records/history-entry.ts";
import type { InboxItem } from "../records/inbox-item.ts";
import type { ChangedInstance } from "./changed-instance.ts";
import { nodeViews } from "./node-views.ts";

/**
 * The CC rows (抄送) of an instance a user could have: one per node with `cc` and one for the
 * template's `cc` at the end. Rows sort by the instance's start, so a read receipt can find
 * them without a lookup.
 *
 * @example
 * ccRows(template, instance, "al").map((row) => row.nodeId); // ["lead", undefined]
 */
export function ccRows(template: Template, instance: ChangedInstance, user: string): InboxItem[] {
  const row = (nodeId?: string): InboxItem => ({
    tenant: instance.tenant,
    user,
    view: "cc",
    createdAt: instance.createdAt,
    instanceId: instance.instanceId,
    templateId: instance.templateId,
    ...(nodeId === undefined ? {} : { nodeId }),
  });
  const nodes = template.nodes.flatMap((node) => ("cc" in node && node.cc ? [row(node.id)] : []));
  return template.cc ? [...nodes, row()] : nodes;
}

/**
 * Puts read-only copies (抄送) in the inboxes of the people a node's `cc` names when it
 * completes, or the template's `cc` when the instance ends: resolved like approvers (users, a
 * context path, groups, a directory role) against the context as it stands. A copy already
 * made stays as it is (its read receipt too): an entry announced again copies nothing new.
 *
 * @example
 * await copyToCc(backend, instance, template, entry);
 */
export async function copyToCc(
  backend: Backend,
  instance: ChangedInstance,
  template: Template,
  entry: Pick<HistoryEntry, "type" | "nodeId">,
): Promise<void> {
  const node =
    entry.nodeId === undefined
      ? undefined
      : template.nodes.find((candidate) => candidate.id === entry.nodeId);
  const cc: Approvers | undefined =
    entry.type === "flow.ended" ? template.cc : node && "cc" in node ? node.cc : undefined;
  if (!cc) return;
  const history = await backend.stores.history.list(instance.tenant, instance.instanceId);
  const nodes: Record<string, NodeResult> = {};
  for (const [id, view] of Object.entries(nodeViews(template, history))) {
    if (view.status !== "idle" && view.status !== "active" && view.status !== "cancelled") {
      nodes[id] = { outcome: view.status, output: view.output ?? {} };
    }
  }
  const resolution = resolveSeats(cc, { input: instance.input, nodes }, backend.directory);
  if ("error" in resolution) return;
  const users = [...new Set(resolution.seats.flatMap((seat) => seat.holders))];
  const rows = (user: string) =>
    ccRows(template, instance, user).filter((row) => row.nodeId === entry.nodeId);
  for (const user of users)
    for (const row of rows(user)) await backend.stores.inbox.putIfAbsent(row);
}
