import { afterAll, beforeAll } from "vitest";
import { startDynalite } from "../support/dynalite-server.ts";
import { freshTableStores, type LocalDynamoDb } from "../support/local-dynamodb.ts";
import { describeFlowStoresContract, describeTableContract } from "./flow-stores.contract.ts";

let emulator: LocalDynamoDb;
beforeAll(async () => {
  emulator = await startDynalite();
});
afterAll(() => emulator.stop());

describeFlowStoresContract("DynamoDB on dynalite", async () => {
  return (await freshTableStores(emulator.endpoint)).stores;
});
describeTableContract("DynamoDB on dynalite", () => freshTableStores(emulator.endpoint));
