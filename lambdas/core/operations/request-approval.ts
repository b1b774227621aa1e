import type { Directory } from "../approval/directory.ts";
import { resolveSeats } from "../approval/resolve-seats.ts";
import type { FlowContext } from "../engine/instance-state.ts";
import type { Template } from "../model/template.ts";
import type { ApprovalStore } from "../ports/approval-store.ts";
import { NoApproversError } from "./no-approvers-error.ts";

/** What the compiled state machine hands the approvals function when an approval node parks. */
export interface ApprovalRequest {
  token: string;
  instanceId: string;
  node: string;
  input: unknown;
  nodes: FlowContext["nodes"];
}

/**
 * Opens an approval when its node activates: resolves the seats from the context and stores
 * the record with the task token before the state parks (SEMANTICS §5). Throws
 * {@link NoApproversError} when nobody can decide, which fails the node.
 *
 * @example
 * await requestApproval(template, store, directory, { token, instanceId, node: "lead", input, nodes: {} });
 */
export async function requestApproval(
  template: Template,
  store: ApprovalStore,
  directory: Directory,
  request: ApprovalRequest,
): Promise<void> {
  const node = template.nodes.find((candidate) => candidate.id === request.node);
  if (node?.type !== "approval") throw new TypeError(`node ${request.node} is not an approval`);
  const resolution = resolveSeats(
    node.approvers,
    { input: request.input, nodes: request.nodes },
    directory,
  );
  if ("error" in resolution) throw new NoApproversError(resolution.error);
  await store.put({
    instanceId: request.instanceId,
    nodeId: node.id,
    seats: resolution.seats,
    open: true,
    log: [],
    token: request.token,
    version: 1,
  });
}
