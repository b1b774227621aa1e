import { memoryFlowStores } from "../../lambdas/adapters/memory/memory-flow-stores.ts";
import { describeFlowStoresContract } from "./flow-stores.contract.ts";

describeFlowStoresContract("memory", async () => memoryFlowStores());
