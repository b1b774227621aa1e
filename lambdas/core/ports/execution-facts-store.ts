/**
 * What a compiled state machine records itself with direct DynamoDB writes, on an item of
 * its own (ITEM_KEYS.execution): how the instance ended and which nodes' branches it stopped.
 */
export interface ExecutionFacts {
  instanceStatus?: string;
  withdrawn: string[];
}

/**
 * Reads the execution facts; the embedded engine also writes them, standing in for the
 * machine's DynamoDB integration.
 *
 * @example
 * const facts = await store.get("default", "01J");
 * facts.withdrawn.includes("lead"); // the lead approval's branch was stopped
 */
export interface ExecutionFactsStore {
  get(tenant: string, instanceId: string): Promise<ExecutionFacts>;
  recordEnd(tenant: string, instanceId: string, status: string): Promise<void>;
  addWithdrawn(tenant: string, instanceId: string, nodes: readonly string[]): Promise<void>;
}
