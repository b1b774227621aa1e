import { verifyChain } from "../../core/audit/hash-chain.ts";
import type { Backend } from "../../core/backend/backend.ts";
import type { PictureState } from "../../core/graph/picture-state.ts";
import type { Template } from "../../core/model/template.ts";
import { instancePictureState } from "../../core/operations/instance-picture-state.ts";
import { type InstanceView, readInstance } from "../../core/operations/read-instance.ts";
import type { HistoryEntry } from "../../core/records/history-entry.ts";

/** What checking an instance's history chain found. */
export type AuditCheck =
  | { verified: true; entries: number }
  /** `seq`: the first entry that breaks the chain. */
  | { verified: false; seq: number; problem: string };

/** Everything the instance page draws, read once per request. */
export interface InstanceSnapshot {
  view: InstanceView;
  /** The instance's template version, when the catalog still serves it. */
  template?: Template;
  /** Each node's and edge's status, when there is a template to draw. */
  picture?: PictureState;
  /** The history, oldest first: the entries {@link audit} checked. */
  history: HistoryEntry[];
  audit: AuditCheck;
}

/**
 * Reads an instance for its page, with the same operation as `GET /v1/instances/{id}` (a CC'd
 * viewer leaves a read receipt): its history's hash chain verified as `baton audit verify`
 * does, and where each node and edge stands. The seal is left to the download
 * (`audit.json`): made as the page reads, it would only vouch for what this read just read.
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
  const chain = verifyChain(view.history);
  const audit: AuditCheck = chain.ok
    ? { verified: true, entries: chain.entries }
    : { verified: false, seq: chain.seq, problem: chain.problem };
  return {
    view,
    ...(template
      ? { template, picture: instancePictureState(template, backend.directory, view) }
      : {}),
    history: view.history,
    audit,
  };
}
