import { ITEM_KEYS } from "../../core/contract/table-layout.ts";
import type { ExecutionFactsStore } from "../../core/ports/execution-facts-store.ts";
import type { FlowTable } from "./flow-table.ts";

/**
 * The execution item (`{tenant}#I#{id}` / `E`) that compiled state machines write directly:
 * `instanceStatus` (S) by `SET instanceStatus = :status` and `withdrawn` (SS) by
 * `ADD withdrawn :nodes`. This store writes it the same way, so it reads either writer.
 *
 * @example
 * const facts = dynamoDbExecutionFactsStore(new FlowTable(client, "baton"));
 * await facts.addWithdrawn("default", "01J", ["lead"]);
 */
export function dynamoDbExecutionFactsStore(table: FlowTable): ExecutionFactsStore {
  return {
    get: async (tenant, instanceId) => {
      const item = await table.get(ITEM_KEYS.execution(tenant, instanceId));
      const status = item?.instanceStatus as string | undefined;
      const withdrawn = [...((item?.withdrawn as Set<string> | undefined) ?? [])].sort();
      return status === undefined ? { withdrawn } : { instanceStatus: status, withdrawn };
    },
    recordEnd: (tenant, instanceId, status) =>
      table.update(ITEM_KEYS.execution(tenant, instanceId), {
        expression: "SET instanceStatus = :status",
        values: { ":status": status },
      }),
    addWithdrawn: async (tenant, instanceId, nodes) => {
      if (nodes.length === 0) return;
      await table.update(ITEM_KEYS.execution(tenant, instanceId), {
        expression: "ADD withdrawn :nodes",
        values: { ":nodes": new Set(nodes) },
      });
    },
  };
}
