import type { DatabaseSync } from "node:sqlite";
import type { IdempotencyStore } from "../../core/ports/idempotency-store.ts";
import { WriteConflictError } from "../../core/ports/write-conflict-error.ts";
import { groupCommit } from "./group-commit.ts";

/**
 * Start requests' idempotency keys in table `idempotency_keys`, keyed by tenant and key: a
 * claim inserts only a new key; a second one conflicts, carrying the instance id held.
 *
 * @example
 * const keys = sqliteIdempotencyStore(database);
 * await keys.claim("default", "order-42", "01J");
 */
export function sqliteIdempotencyStore(database: DatabaseSync): IdempotencyStore {
  const commit = groupCommit(database);
  const insert = database.prepare(
    `INSERT INTO idempotency_keys (tenant, key, instance_id) VALUES (?, ?, ?)
     ON CONFLICT DO NOTHING`,
  );
  const select = database.prepare(
    "SELECT instance_id FROM idempotency_keys WHERE tenant = ? AND key = ?",
  );
  const get = (tenant: string, key: string) => {
    const row = select.get(tenant, key);
    return row === undefined ? undefined : String(row.instance_id);
  };
  return {
    claim: (tenant, key, instanceId) =>
      commit.write(() => {
        if (insert.run(tenant, key, instanceId).changes === 0) {
          throw new WriteConflictError("idempotency key", get(tenant, key));
        }
      }),
    get: (tenant, key) => commit.read(() => get(tenant, key)),
  };
}
