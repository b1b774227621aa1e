import type { DatabaseSync } from "node:sqlite";
import type { ExecutionFactsStore } from "../../core/ports/execution-facts-store.ts";
import { groupCommit } from "./group-commit.ts";

/**
 * The execution facts in two tables keyed by tenant and instance: `execution_ends` holds how
 * the execution ended (the last status recorded wins, as `SET instanceStatus` does), and
 * `execution_withdrawn` one row per withdrawn node (adding one twice keeps one row, as
 * `ADD withdrawn` to a string set does).
 *
 * @example
 * const facts = sqliteExecutionFactsStore(database);
 * await facts.addWithdrawn("default", "01J", ["lead"]);
 */
export function sqliteExecutionFactsStore(database: DatabaseSync): ExecutionFactsStore {
  const commit = groupCommit(database);
  const end = database.prepare(
    `INSERT INTO execution_ends (tenant, instance_id, instance_status) VALUES (?, ?, ?)
     ON CONFLICT DO UPDATE SET instance_status = excluded.instance_status`,
  );
  const withdraw = database.prepare(
    `INSERT INTO execution_withdrawn (tenant, instance_id, node_id)
     SELECT ?, ?, value FROM json_each(?) WHERE true ON CONFLICT DO NOTHING`,
  );
  const status = database.prepare(
    "SELECT instance_status FROM execution_ends WHERE tenant = ? AND instance_id = ?",
  );
  const withdrawn = database.prepare(
    "SELECT node_id FROM execution_withdrawn WHERE tenant = ? AND instance_id = ? ORDER BY node_id",
  );
  return {
    get: (tenant, instanceId) =>
      commit.read(() => {
        const ended = status.get(tenant, instanceId);
        const nodes = withdrawn.all(tenant, instanceId).map((row) => String(row.node_id));
        return ended === undefined
          ? { withdrawn: nodes }
          : { instanceStatus: String(ended.instance_status), withdrawn: nodes };
      }),
    recordEnd: (tenant, instanceId, instanceStatus) =>
      commit.write(() => {
        end.run(tenant, instanceId, instanceStatus);
      }),
    addWithdrawn: (tenant, instanceId, nodes) =>
      commit.write(() => {
        withdraw.run(tenant, instanceId, JSON.stringify(nodes));
      }),
  };
}
