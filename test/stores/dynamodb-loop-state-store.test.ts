import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFlowTable } from "../../lambdas/adapters/dynamodb/create-flow-table.ts";
import { dynamoDbDocumentClient } from "../../lambdas/adapters/dynamodb/dynamodb-document-client.ts";
import { dynamoDbLoopStateStore } from "../../lambdas/adapters/dynamodb/dynamodb-loop-state-store.ts";
import { ITEM_KEYS } from "../../lambdas/core/contract/table-layout.ts";
import { ReferenceEngine } from "../../lambdas/core/engine/reference-engine.ts";
import type { LoopState } from "../../lambdas/core/ports/loop-state-store.ts";
import { WriteConflictError } from "../../lambdas/core/ports/write-conflict-error.ts";
import { startDynalite } from "../support/dynalite-server.ts";
import type { LocalDynamoDb } from "../support/local-dynamodb.ts";
import { approval, flow } from "../support/template-builder.ts";

let emulator: LocalDynamoDb;
beforeAll(async () => {
  emulator = await startDynalite();
});
afterAll(() => emulator.stop());

describe("dynamoDbLoopStateStore on dynalite", () => {
  it("keeps a tenant's loop state on its loopState item, written only at the expected version", async () => {
    const client = dynamoDbDocumentClient({
      endpoint: emulator.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    await createFlowTable(client, "loop");
    const engine = new ReferenceEngine(flow([approval("a", ["ann"])], ["start>a", "a>end"]));
    const store = dynamoDbLoopStateStore(client, "loop", "acme");
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

    expect(await dynamoDbLoopStateStore(client, "loop", "other").get("01J")).toBeUndefined();
    const { Item } = await client.send(
      new GetCommand({ TableName: "loop", Key: ITEM_KEYS.loopState("acme", "01J") }),
    );
    expect(Item?.version).toBe(2);
  });
});
