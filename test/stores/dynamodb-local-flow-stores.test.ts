import { DescribeTimeToLiveCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TABLE_KEYS } from "../../lambdas/core/contract/table-layout.ts";
import { startDynamoDbLocal } from "../support/dynamodb-local-server.ts";
import { freshTableStores, type LocalDynamoDb } from "../support/local-dynamodb.ts";
import { describeFlowStoresContract, describeTableContract } from "./flow-stores.contract.ts";

let emulator: LocalDynamoDb;
beforeAll(async () => {
  emulator = await startDynamoDbLocal();
}, 120_000);
afterAll(() => emulator.stop());

describeFlowStoresContract("DynamoDB on DynamoDB Local", async () => {
  return (await freshTableStores(emulator.endpoint)).stores;
});
describeTableContract("DynamoDB on DynamoDB Local", () => freshTableStores(emulator.endpoint));

describe("createFlowTable on DynamoDB Local", () => {
  it("turns on TTL on the expiry attribute", async () => {
    const { client, tableName } = await freshTableStores(emulator.endpoint);

    const { TimeToLiveDescription } = await client.send(
      new DescribeTimeToLiveCommand({ TableName: tableName }),
    );

    expect(TimeToLiveDescription).toEqual({
      TimeToLiveStatus: "ENABLED",
      AttributeName: TABLE_KEYS.expiresAt,
    });
  });
});
