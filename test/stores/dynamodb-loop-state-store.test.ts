import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFlowTable } from "../../lambdas/adapters/dynamodb/create-flow-table.ts";
import { dynamoDbLoopStateStore } from "../../lambdas/adapters/dynamodb/dynamodb-loop-state-store.ts";
import { ITEM_KEYS } from "../../lambdas/core/contract/table-layout.ts";
import { ReferenceEngine } from "../../lambdas/core/engine/reference-engine.ts";
import type { LoopState } from "../../lambdas/core/ports/loop-state-store.ts";
import { WriteConflictError } from "../../lambdas/core/ports/write-conflict-error.ts";
import { startDynalite } from "../support/dynalite-server.ts";
import { type LocalDynamoDb, localDynamoDbClient } from "../support/local-dynamodb.ts";
import { approval, flow } from "../support/template-builder.ts";
import { conflictOf } from "./flow-stores.contract.ts";

let emulator: LocalDynamoDb;
beforeAll(async () => {
  emulator = await startDynalite();
});
afterAll(() => emulator.stop());

const engine = new ReferenceEngine(flow([approval("a", ["ann"])], ["start>a", "a>end"]));
let tables = 0;

/** A client and a new, empty flow table on the emulator. */
async function freshTable() {
  const client = localDynamoDbClient(emulator.endpoint);
  tables += 1;
  const tableName = `loop-${tables}`;
  await createFlowTable(client, tableName);
  return { client, tableName };
}

describe("dynamoDbLoopStateStore on dynalite", () => {
  it("keeps a tenant's loop state on its loopState item, written only at the expected version", async () => {
    const { client, tableName } = await freshTable();
    const store = dynamoDbLoopStateStore(client, tableName, "acme");
    const first: LoopState = {
      instanceId: "01J",
      state: engine.start({ amount: 12 }),
      activatedAt: { a: 1_000 },
      version: 1,
    };

    expect(await store.get("01J")).toBeUndefined();
    await store.put(first);
    await expect(store.put(first)).rejects.toBeInstanceOf(WriteConflictError);
    expect(await store.get("01J")).toEqual(first);

    const second = { ...first, activatedAt: {}, version: 2 };
    await expect(store.put(second, 2)).rejects.toBeInstanceOf(WriteConflictError);
    await store.put(second, 1);
    expect(await store.get("01J")).toEqual(second);

    expect(await dynamoDbLoopStateStore(client, tableName, "other").get("01J")).toBeUndefined();
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: ITEM_KEYS.loopState("acme", "01J") }),
    );
    expect(Item?.version).toBe(2);
  });

  it("keeps any JSON start input in the loop state exactly, and a lost write carries the stored state", async () => {
    const { client, tableName } = await freshTable();
    const store = dynamoDbLoopStateStore(client, tableName, "acme");
    const stored: LoopState = {
      instanceId: "01J",
      state: engine.start({ amount: 2 ** 70, tiny: 1e-300, huge: 1e300 }),
      activatedAt: { a: 1_000 },
      version: 1,
    };

    await store.put(stored);

    expect(await store.get("01J")).toEqual(stored);
    expect(await conflictOf(store.put({ ...stored, version: 2 }))).toEqual(stored);
  });
});
