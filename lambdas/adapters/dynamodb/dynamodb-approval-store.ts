import {
  INSTANCE_SORT_PREFIXES,
  ITEM_KEYS,
  PARTITION_KEYS,
} from "../../core/contract/table-layout.ts";
import type { ApprovalRecordStore } from "../../core/ports/approval-record-store.ts";
import type { ApprovalRecord } from "../../core/records/approval-record.ts";
import type { FlowTable } from "./flow-table.ts";
import { recordCodec } from "./record-codec.ts";
import { versionedItems } from "./versioned-items.ts";

const codec = recordCodec<ApprovalRecord>(["seats", "log"]);

/**
 * Approval records on the table, in their instance's partition (`A#{node}#{visit}`), so that
 * an instance's approvals are one query in node and visit order.
 *
 * @example
 * const approvals = dynamoDbApprovalStore(new FlowTable(client, "baton"));
 * await approvals.put({ ...record, version: record.version + 1 }, record.version);
 */
export function dynamoDbApprovalStore(table: FlowTable): ApprovalRecordStore {
  const items = versionedItems(table, {
    what: "approval",
    codec,
    key: ITEM_KEYS.approval,
    keyOf: (record) =>
      ITEM_KEYS.approval(record.tenant, record.instanceId, record.nodeId, record.visit),
  });
  return {
    get: items.get,
    put: items.put,
    listForInstance: async (tenant, instanceId) => {
      const items = await table.query({
        partition: PARTITION_KEYS.instance(tenant, instanceId),
        range: { beginsWith: INSTANCE_SORT_PREFIXES.approval },
      });
      return items.map(codec.fromItem);
    },
  };
}
