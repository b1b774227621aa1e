import { ITEM_KEYS, RETENTION_SECONDS, TABLE_KEYS } from "../../core/contract/table-layout.ts";
import type { Clock } from "../../core/ports/clock.ts";
import type { IdempotencyStore } from "../../core/ports/idempotency-store.ts";
import { epochSeconds } from "./epoch-seconds.ts";
import type { FlowTable } from "./flow-table.ts";
import { ITEM_ABSENT } from "./write-conditions.ts";
import { writeOrConflict } from "./write-or-conflict.ts";

/**
 * Start requests' idempotency keys on the table (`{tenant}#K#{key}`): the item holds the
 * instance id and the claim time, and TTL deletes it {@link RETENTION_SECONDS.idempotency}
 * after the claim (by `clock`).
 *
 * @example
 * const keys = dynamoDbIdempotencyStore(new FlowTable(client, "baton"), { now: () => new Date() });
 * await keys.claim("default", "order-42", "01J");
 */
export function dynamoDbIdempotencyStore(table: FlowTable, clock: Clock): IdempotencyStore {
  const get = async (tenant: string, key: string) => {
    const item = await table.get(ITEM_KEYS.idempotency(tenant, key));
    return item?.instanceId as string | undefined;
  };
  return {
    claim: (tenant, key, instanceId) => {
      const claimedAt = clock.now().toISOString();
      return writeOrConflict(
        "idempotency key",
        table.put(
          {
            ...ITEM_KEYS.idempotency(tenant, key),
            tenant,
            key,
            instanceId,
            claimedAt,
            [TABLE_KEYS.expiresAt]: epochSeconds(claimedAt) + RETENTION_SECONDS.idempotency,
          },
          ITEM_ABSENT,
        ),
        () => get(tenant, key),
      );
    },
    get,
  };
}
