import type { Backend } from "../backend/backend.ts";
import { OperationRefusedError } from "../contract/operation-refused-error.ts";
import type { PictureState } from "../graph/picture-state.ts";
import type { ApprovalNode, Template } from "../model/template.ts";
import { type ApprovalRecord, parseApprovalId } from "../records/approval-record.ts";
import { findApprovalNode } from "./find-approval-node.ts";
import { instancePictureState } from "./instance-picture-state.ts";
import { type InstanceView, readInstance } from "./read-instance.ts";
import { currentApprovers } from "./sync-approval-inbox.ts";

/** An approval as people may see it: its record without the task token or repair marks. */
export type ShownApproval = Omit<ApprovalRecord, "token" | "tenant" | "resumingSince" | "version">;

/** What a viewer may do on an approval now (the same rules `actOnApproval` applies). */
export interface ApprovalPermissions {
  /** Approve or reject: the viewer holds a seat that may act now. */
  decide: boolean;
  /** Transfer (转签) the seat: as {@link decide}. */
  transfer: boolean;
  /** Add a signer (加签) before or after: as {@link decide}. */
  addSign: boolean;
  /** Remind (催办) the approvers: the viewer started the instance. */
  remind: boolean;
}

/** An approval with what a page about it shows: its instance, template, node and permissions. */
export interface ApprovalView {
  approvalId: string;
  approval: ShownApproval;
  /** The instance, its node statuses and its history (read without leaving a read receipt). */
  instance: InstanceView;
  /** The instance's template version, while the catalog still has it. */
  template?: Template;
  /** The approval's node in that template. */
  node?: ApprovalNode;
  /** How the instance is drawn (every node and edge with its status), with its template. */
  picture?: PictureState;
  /** What the viewer may do now; all false once the approval or the instance is settled. */
  may: ApprovalPermissions;
}

/**
 * Reads an approval for a page about it, changing nothing: the record (never its task token),
 * its instance with the history, the node, how the instance is drawn (`instancePictureState`),
 * and what `viewer` may do on it now — decide,
 * transfer and add-sign while they hold a seat that may act (`currentApprovers`), remind while
 * they are the starter; nothing once the approval is not pending or the instance has ended.
 * Any signed-in user of the tenant may read it, as they may read the instance.
 *
 * @throws {OperationRefusedError} `not-found` when the id is not an approval of the tenant.
 * @example
 * const view = await readApproval(backend, "default", "01J.lead.1", "al");
 * view.may.decide; // true while al holds an open seat
 */
export async function readApproval(
  backend: Backend,
  tenant: string,
  approvalId: string,
  viewer: string,
): Promise<ApprovalView> {
  const parts = parseApprovalId(approvalId);
  if (!parts) throw new OperationRefusedError("not-found", `no approval ${approvalId}`);
  const record = await backend.stores.approvals.get(
    tenant,
    parts.instanceId,
    parts.nodeId,
    parts.visit,
  );
  if (!record) throw new OperationRefusedError("not-found", `no approval ${approvalId}`);
  const instance = await readInstance(backend, tenant, parts.instanceId);
  const template = await backend.templates.get(instance.templateId, instance.templateVersion);
  const node = template && findApprovalNode(template, record.nodeId);
  const open = record.status === "pending" && instance.status === "running";
  const seated = open && currentApprovers(record).includes(viewer);
  const {
    token: _token,
    tenant: _tenant,
    resumingSince: _resuming,
    version: _version,
    ...approval
  } = record;
  return {
    approvalId,
    approval,
    instance,
    ...(template
      ? { template, picture: instancePictureState(template, backend.directory, instance) }
      : {}),
    ...(node ? { node } : {}),
    may: {
      decide: seated,
      transfer: seated,
      addSign: seated,
      remind: open && viewer === record.starter,
    },
  };
}
