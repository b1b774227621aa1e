import { APPROVAL_MODES } from "../approval/approval-modes.ts";
import { approvalOutput } from "../approval/approval-output.ts";
import type { Directory } from "../approval/directory.ts";
import { resolveSeats } from "../approval/resolve-seats.ts";
import { BATON_ERRORS } from "../contract/baton-errors.ts";
import type { ApprovalRequest } from "../contract/handler-payloads.ts";
import { NoApproversError } from "../contract/no-approvers-error.ts";
import type { ApprovalNode, Template } from "../model/template.ts";
import type { ApprovalStore } from "../ports/approval-store.ts";
import type { TaskCallbacks } from "../ports/task-callbacks.ts";

/**
 * Opens an approval when its node activates: resolves the seats from the context and stores
 * the record with the task token before the state parks (SEMANTICS §5). Throws
 * {@link NoApproversError} when nobody can decide, which fails the node.
 *
 * A node parked again (the scheduler loop parks every pending node anew each round) keeps its
 * seats and decisions: only the token changes; if it was decided while no state was parked on
 * it, the new token is resumed at once with that decision.
 *
 * @example
 * await requestApproval(template, store, directory, callbacks, { token, instance: { tenant: "default", id: "i-1" }, node: "lead" });
 */
export async function requestApproval(
  template: Template,
  store: ApprovalStore,
  directory: Directory,
  callbacks: TaskCallbacks,
  request: ApprovalRequest,
): Promise<void> {
  const found = template.nodes.find((candidate) => candidate.id === request.node);
  const node: ApprovalNode | undefined = request.step
    ? { id: request.node, type: "approval", ...request.step }
    : found?.type === "approval"
      ? found
      : undefined;
  if (!node) throw new TypeError(`node ${request.node} is not an approval`);
  const existing = await store.get(request.instance.id, node.id);
  if (existing) {
    if (existing.open) {
      await store.put(
        { ...existing, token: request.token, version: existing.version + 1 },
        existing.version,
      );
      return;
    }
    const verdict = APPROVAL_MODES[node.mode ?? "any"].verdict(existing.seats, node.threshold);
    const output = approvalOutput(existing.log);
    if (verdict === "approved")
      await callbacks.succeed(request.token, { outcome: verdict, output });
    if (verdict === "rejected") {
      await callbacks.fail(request.token, BATON_ERRORS.rejected, JSON.stringify(output));
    }
    return;
  }
  const resolution = resolveSeats(
    node.approvers,
    { input: request.input, nodes: request.nodes ?? {} },
    directory,
  );
  if ("error" in resolution) throw new NoApproversError(resolution.error);
  await store.put({
    instanceId: request.instance.id,
    nodeId: node.id,
    mode: node.mode ?? "any",
    ...(node.threshold === undefined ? {} : { threshold: node.threshold }),
    seats: resolution.seats,
    open: true,
    log: [],
    token: request.token,
    version: 1,
  });
}
