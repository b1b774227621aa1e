import type { Backend } from "../backend/backend.ts";
import { OperationRefusedError } from "../contract/operation-refused-error.ts";
import type { HistoryEntry } from "../records/history-entry.ts";
import type { InstanceRecord } from "../records/instance-record.ts";
import { ccRows } from "./copy-to-cc.ts";
import { type NodeView, nodeViews } from "./node-views.ts";

/** An instance as `GET /v1/instances/{id}` answers it. */
export interface InstanceView
  extends Pick<
    InstanceRecord,
    | "instanceId"
    | "templateId"
    | "templateVersion"
    | "status"
    | "input"
    | "starter"
    | "createdAt"
    | "updatedAt"
    | "endedAt"
    | "reason"
  > {
  nodes: Record<string, NodeView>;
  history: HistoryEntry[];
}

/**
 * Reads an instance: its record, each approval and task node's status folded from its
 * history (with failure reasons), and the history itself. A viewer it was copied to (抄送)
 * leaves a read receipt on their CC rows.
 *
 * @example
 * const view = await readInstance(backend, "default", "01J");
 * view.nodes.lead.status; // "active"
 *
 * @param viewer - the signed-in user reading it, for CC read receipts. @default nobody
 */
export async function readInstance(
  backend: Backend,
  tenant: string,
  instanceId: string,
  viewer?: string,
): Promise<InstanceView> {
  const record = await backend.stores.instances.get(tenant, instanceId);
  if (!record) throw new OperationRefusedError("not-found", `no instance ${instanceId}`);
  const template = await backend.templates.get(record.templateId, record.templateVersion);
  const history = await backend.stores.history.list(tenant, instanceId);
  if (template && viewer !== undefined) {
    const at = backend.clock.now().toISOString();
    for (const row of ccRows(template, record, viewer))
      await backend.stores.inbox.markRead(row, at);
  }
  const { tenant: _tenant, version: _version, executionId: _execution, ...shown } = record;
  return { ...shown, nodes: template ? nodeViews(template, history) : {}, history };
}
