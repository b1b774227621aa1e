import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { ITEM_KEYS, TABLE_KEYS } from "../../core/contract/table-layout.ts";
import type { LoopState, LoopStateStore } from "../../core/ports/loop-state-store.ts";
import { WriteConflictError } from "../../core/ports/write-conflict-error.ts";

/**
 * The scheduler loop's state of a tenant's instances on Baton's table: one item per instance
 * at `ITEM_KEYS.loopState` (`{tenant}#I#{id}` / `L`) holding the {@link LoopState}. Reads
 * are strongly consistent; `put` writes only if the stored `version` is the expected one (no
 * item when undefined) and answers false, writing nothing, when it is not.
 *
 * The port names instances by id alone, so a store serves one tenant: the step handler takes
 * the store of the tenant its request names.
 *
 * @example
 * const store = dynamoDbLoopStateStore(client, "baton", "default");
 * await store.put({ instanceId: "01J", state, activatedAt: {}, version: 1 }); // true
 */
export function dynamoDbLoopStateStore(
  client: DynamoDBDocumentClient,
  tableName: string,
  tenant: string,
): LoopStateStore {
  return {
    get: async (instanceId) => {
      const { Item } = await client.send(
        new GetCommand({
          TableName: tableName,
          Key: ITEM_KEYS.loopState(tenant, instanceId),
          ConsistentRead: true,
        }),
      );
      if (!Item) return undefined;
      const { state, activatedAt, version } = Item as LoopState;
      return { instanceId, state, activatedAt, version };
    },
    put: async (instance, expected) => {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...ITEM_KEYS.loopState(tenant, instance.instanceId), ...instance },
            ...(expected === undefined
              ? {
                  ConditionExpression: "attribute_not_exists(#pk)",
                  ExpressionAttributeNames: { "#pk": TABLE_KEYS.partition },
                }
              : {
                  ConditionExpression: "#version = :expected",
                  ExpressionAttributeNames: { "#version": "version" },
                  ExpressionAttributeValues: { ":expected": expected },
                }),
          }),
        );
      } catch (error) {
        if (error instanceof Error && error.name === "ConditionalCheckFailedException") {
          throw new WriteConflictError("loop state");
        }
        throw error;
      }
    },
  };
}
