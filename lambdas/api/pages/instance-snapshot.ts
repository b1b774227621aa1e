import { sealProblem } from "../../core/audit/audit-seal.ts";
import { verifyChain } from "../../core/audit/hash-chain.ts";
import type { Backend } from "../../core/backend/backend.ts";
import type { PictureState } from "../../core/graph/picture-state.ts";
import type { Template } from "../../core/model/template.ts";
import { exportAudit } from "../../core/operations/export-audit.ts";
import { instancePictureState } from "../../core/operations/instance-picture-state.ts";
import { type InstanceView, readInstance } from "../../core/operations/read-instance.ts";
import type { HistoryEntry } from "../../core/records/history-entry.ts";

/** What checking an instance's sealed history found. */
export type AuditCheck =
  | { verified: true; entries: number }
  /** `seq`: the first entry that breaks the chain; absent when the chain holds but the seal does not. */
  | { verified: false; seq?: number; problem: string };

/** Everything the instance page draws, read once per request. */
export interface InstanceSnapshot {
  view: InstanceView;
  /** The instance's template version, when the catalog still serves it. */
  template?: Template;
  /** Each node's and edge's status, when there is a template to draw. */
  picture?: PictureState;
  /** The history as exported for audit, oldest first: the entries {@link audit} checked. */
  history: HistoryEntry[];
  audit: AuditCheck;
}

/**
 * Reads an instance for its page, with the same operations as the JSON routes: the read of
 * `GET /v1/instances/{id}` (a CC'd viewer leaves a read receipt), the sealed export of
 * `GET /v1/instances/{id}/audit` verified as `baton audit verify --key` does (the hash chain,
 * then the seal under the installation's audit key), and where each node and edge stands.
 * Refuses an instance the tenant does not have (`not-found`).
 *
 * @param viewer - who reads it, for CC read receipts. @default nobody
 * @example
 * const snapshot = await instanceSnapshot(backend, "default", "01J", "rita");
 * snapshot.audit; // { verified: true, entries: 8 }
 */
export async function instanceSnapshot(
  backend: Backend,
  tenant: string,
  instanceId: string,
  viewer?: string,
): Promise<InstanceSnapshot> {
  const view = await readInstance(backend, tenant, instanceId, viewer);
  const template = await backend.templates.get(view.templateId, view.templateVersion);
  const exported = await exportAudit(backend, tenant, instanceId);
  const chain = verifyChain(exported.history);
  const seal = chain.ok
    ? sealProblem(backend.secrets.auditKey, exported.seal, exported.history)
    : undefined;
  const audit: AuditCheck = !chain.ok
    ? { verified: false, seq: chain.seq, problem: chain.problem }
    : seal === undefined
      ? { verified: true, entries: chain.entries }
      : { verified: false, problem: seal };
  return {
    view,
    ...(template
      ? { template, picture: instancePictureState(template, backend.directory, view) }
      : {}),
    history: exported.history,
    audit,
  };
}
