import type { DatabaseSync } from "node:sqlite";
import type { ApprovalRecordStore } from "../../core/ports/approval-record-store.ts";
import type { ApprovalRecord } from "../../core/records/approval-record.ts";
import { groupCommit } from "./group-commit.ts";
import { storedRecord } from "./stored-record.ts";
import { VersionedRows } from "./versioned-rows.ts";

/**
 * Approval records in table `approvals`, keyed by tenant, instance, node and visit (a number,
 * so visit 10 follows visit 2), so that an instance's approvals are one range of the primary
 * key in node and visit order.
 *
 * @example
 * const approvals = sqliteApprovalStore(database);
 * await approvals.put({ ...record, version: record.version + 1 }, record.version);
 */
export function sqliteApprovalStore(database: DatabaseSync): ApprovalRecordStore {
  const rows = new VersionedRows<ApprovalRecord>(database, {
    what: "approval",
    table: "approvals",
    keys: ["tenant", "instance_id", "node_id", "visit"],
    valuesOf: (record) => [record.tenant, record.instanceId, record.nodeId, record.visit],
  });
  const commit = groupCommit(database);
  const ofInstance = database.prepare(
    "SELECT record FROM approvals WHERE tenant = ? AND instance_id = ? ORDER BY node_id, visit",
  );
  return {
    get: (tenant, instanceId, nodeId, visit) => rows.get([tenant, instanceId, nodeId, visit]),
    put: (record, expectedVersion) => rows.put(record, expectedVersion),
    listForInstance: (tenant, instanceId) =>
      commit.read(() =>
        ofInstance
          .all(tenant, instanceId)
          .map((row) => storedRecord<ApprovalRecord>(row) as ApprovalRecord),
      ),
  };
}
