import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { ITEM_KEYS } from "../../core/contract/table-layout.ts";
import type { LoopState, LoopStateStore } from "../../core/ports/loop-state-store.ts";
import { FlowTable } from "./flow-table.ts";
import { recordCodec } from "./record-codec.ts";
import { versionedItems } from "./versioned-items.ts";

const codec = recordCodec<LoopState>(["state", "activatedAt"]);

/**
 * The scheduler loop's state of a tenant's instances on Baton's table: one item per instance
 * at `ITEM_KEYS.loopState` (`{tenant}#I#{id}` / `L`), its `state` and `activatedAt` stored as
 * JSON text (the state carries the start input, which may hold any JSON number). Reads are
 * strongly consistent; `put` writes only if the stored `version` is the expected one (no item
 * when undefined), else throws `WriteConflictError` carrying the state as it now stands.
 *
 * The port names instances by id alone, so a store serves one tenant: the step handler takes
 * the store of the tenant its request names.
 *
 * @example
 * const store = dynamoDbLoopStateStore(client, "baton", "default");
 * await store.put({ instanceId: "01J", state, activatedAt: {}, version: 1 });
 * await store.put({ instanceId: "01J", state: next, activatedAt: {}, version: 2 }, 1);
 */
export function dynamoDbLoopStateStore(
  client: DynamoDBDocumentClient,
  tableName: string,
  tenant: string,
): LoopStateStore {
  return versionedItems(new FlowTable(client, tableName), {
    what: "loop state",
    codec,
    key: (instanceId: string) => ITEM_KEYS.loopState(tenant, instanceId),
    keyOf: (state) => ITEM_KEYS.loopState(tenant, state.instanceId),
  });
}
