import { type AuditSeal, sealAudit } from "../audit/audit-seal.ts";
import type { Backend } from "../backend/backend.ts";
import { OperationRefusedError } from "../contract/operation-refused-error.ts";
import type { HistoryEntry } from "../records/history-entry.ts";

/** An instance's exported history, as `GET /v1/instances/{id}/audit` answers it. */
export interface AuditExport {
  instanceId: string;
  /** The hash-chained history, oldest first. */
  history: HistoryEntry[];
  /** The installation's HMAC over the export's head (`baton audit verify FILE --key`). */
  seal: AuditSeal;
}

/**
 * Exports an instance's hash-chained history sealed with the installation's audit key, to be
 * verified offline. Refuses an instance the tenant does not have (`not-found`).
 *
 * @example
 * const { history, seal } = await exportAudit(backend, "default", "01J");
 */
export async function exportAudit(
  backend: Backend,
  tenant: string,
  instanceId: string,
): Promise<AuditExport> {
  if (!(await backend.stores.instances.get(tenant, instanceId))) {
    throw new OperationRefusedError("not-found", `no instance ${instanceId}`);
  }
  const history = await backend.stores.history.list(tenant, instanceId);
  const seal = sealAudit(backend.secrets.auditKey, tenant, instanceId, history);
  return { instanceId, history, seal };
}
