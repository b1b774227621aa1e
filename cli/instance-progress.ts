import type { InstanceView } from "../lambdas/core/operations/read-instance.ts";

/** An active node and what it waits for, as the history tells it. */
export interface NodeWait {
  node: string;
  /** `approval` from people, `callback` from a plugin, or `running` (nothing to wait for yet). */
  kind: "approval" | "callback" | "running";
  /** In words: `approval from zhou-min`, `callback from cache.provision`, `running`. */
  what: string;
}

/** What a node's `node.activated` started, read from the history entries after it. */
function waitOf(node: string, history: InstanceView["history"]): NodeWait {
  const since = history.findLastIndex(
    (entry) => entry.type === "node.activated" && entry.nodeId === node,
  );
  const entries = history.slice(Math.max(since, 0)).filter((entry) => entry.nodeId === node);
  const requested = entries.findLast((entry) => entry.type === "approval.requested");
  if (requested) {
    const approvers = (requested.detail.approvers as string[] | undefined) ?? [];
    const decisions = entries.filter((entry) => entry.type === "approval.decided").length;
    const so =
      decisions === 0 ? "" : ` (${decisions} decision${decisions === 1 ? "" : "s"} so far)`;
    return { node, kind: "approval", what: `approval from ${approvers.join(", ")}${so}` };
  }
  const task = entries.findLast((entry) => entry.type === "task.requested");
  if (task?.detail.callbackId !== undefined) {
    return { node, kind: "callback", what: `callback from ${String(task.detail.plugin)}` };
  }
  return { node, kind: "running", what: "running" };
}

/**
 * The instance's active approvals and tasks and what each waits on, in template order.
 *
 * @example
 * waitingOn(view); // [{ node: "lead", kind: "approval", what: "approval from zhou-min" }]
 */
export function waitingOn(view: Pick<InstanceView, "nodes" | "history">): NodeWait[] {
  return Object.entries(view.nodes)
    .filter(([, node]) => node.status === "active")
    .map(([id]) => waitOf(id, view.history));
}

/**
 * Whether the instance stopped moving by itself: it ended, or it runs and every active node
 * waits on a person or a plugin's callback (none is still being run by the engine).
 *
 * @example
 * if (settled(view)) console.log(view.status);
 */
export function settled(view: Pick<InstanceView, "status" | "nodes" | "history">): boolean {
  if (view.status !== "running") return true;
  const waits = waitingOn(view);
  return waits.length > 0 && waits.every((wait) => wait.kind !== "running");
}
