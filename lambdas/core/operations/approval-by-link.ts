import { createHash } from "node:crypto";
import type { Backend } from "../backend/backend.ts";
import { OperationRefusedError } from "../contract/operation-refused-error.ts";
import { WriteConflictError } from "../ports/write-conflict-error.ts";
import { type ApprovalRecord, parseApprovalId } from "../records/approval-record.ts";
import type { InstanceRecord } from "../records/instance-record.ts";
import { type LinkClaims, readLink } from "../security/approval-link.ts";
import { actOnApproval, type RecordedDecision, recordedDecision } from "./act-on-approval.ts";
import type { DecisionRequest } from "./decision-request.ts";

/** What an approval link's confirmation page shows. */
export interface LinkedApproval {
  claims: LinkClaims;
  approval: ApprovalRecord;
  instance: InstanceRecord;
  /** Set once the link decided. */
  usedAt?: string;
}

const linkHash = (linkId: string) => createHash("sha256").update(linkId).digest("hex");

/** Who opens a link while signed in: only the approver it is bound to may. */
export interface LinkViewer {
  tenant: string;
  user: string;
}

/**
 * Reads what an approval link points at, changing nothing (email scanners open links with
 * GET and HEAD). Refuses a link that is not one (`not-found`), has expired or carries an
 * expiry that does not parse (`gone`), or is
 * opened by a signed-in viewer other than the approver it is bound to, in its tenant
 * (`forbidden`).
 *
 * @example
 * const { approval, instance } = await readLinkedApproval(backend, linkId, { tenant: "acme", user: "al" });
 */
export async function readLinkedApproval(
  backend: Backend,
  linkId: string,
  viewer?: LinkViewer,
): Promise<LinkedApproval> {
  const claims = readLink(backend.secrets.linkKey, linkId);
  const parts = claims && parseApprovalId(claims.approvalId);
  if (!claims || !parts) throw new OperationRefusedError("not-found", "no such approval link");
  const expires = Date.parse(claims.expiresAt);
  // An expiry that does not parse (NaN compares false) counts as passed: the link never lives on.
  if (Number.isNaN(expires) || expires <= backend.clock.now().getTime()) {
    throw new OperationRefusedError("gone", "this approval link has expired");
  }
  if (viewer && (viewer.tenant !== claims.tenant || viewer.user !== claims.user)) {
    throw new OperationRefusedError("forbidden", "this approval link belongs to another approver");
  }
  const instance = await backend.stores.instances.get(claims.tenant, parts.instanceId);
  const approval = await backend.stores.approvals.get(
    claims.tenant,
    parts.instanceId,
    parts.nodeId,
    parts.visit,
  );
  if (!instance || !approval) throw new OperationRefusedError("not-found", "no such approval link");
  const used = await backend.stores.links.get(claims.tenant, linkHash(linkId));
  return { claims, approval, instance, ...(used?.usedAt ? { usedAt: used.usedAt } : {}) };
}

/**
 * Decides through an approval link, as the approver it is bound to, once: `linked` is what
 * {@link readLinkedApproval} read for `linkId` (with the viewer's refusals already made), so
 * nothing is read twice. A link that already decided answers `conflict` with the recorded
 * decision.
 *
 * @example
 * const linked = await readLinkedApproval(backend, linkId, viewer);
 * await decideByLink(backend, linkId, linked, { action: "approve", comment: "ok" });
 */
export async function decideByLink(
  backend: Backend,
  linkId: string,
  linked: LinkedApproval,
  request: DecisionRequest,
): Promise<RecordedDecision> {
  const { claims } = linked;
  if (linked.usedAt) {
    throw new OperationRefusedError(
      "conflict",
      "this approval link was already used",
      recordedDecision(claims.approvalId, linked.approval),
    );
  }
  const decision = await actOnApproval(
    backend,
    claims.tenant,
    claims.approvalId,
    claims.user,
    request,
  );
  try {
    await backend.stores.links.create({
      tenant: claims.tenant,
      linkHash: linkHash(linkId),
      approvalId: claims.approvalId,
      user: claims.user,
      expiresAt: claims.expiresAt,
      usedAt: backend.clock.now().toISOString(),
    });
  } catch (error) {
    if (!(error instanceof WriteConflictError)) throw error;
  }
  return decision;
}
