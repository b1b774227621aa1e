import type { InstanceState } from "../engine/instance-state.ts";

/** An instance's state as the scheduler loop keeps it, with the version it was written at. */
export interface StoredInstance {
  instanceId: string;
  state: InstanceState;
  /** When each pending node activated (epoch ms), so that re-parking keeps its deadline. */
  activatedAt: Record<string, number>;
  version: number;
}

/**
 * Where the scheduler loop keeps instance states: DynamoDB on AWS, memory when embedded.
 *
 * @example
 * const stored = await store.get("i-1");
 * await store.put({ ...stored, version: stored.version + 1 }, stored.version);
 */
export interface InstanceStore {
  get(instanceId: string): Promise<StoredInstance | undefined>;
  /** Writes if the stored version is `expected` (none stored when undefined); false otherwise. */
  put(instance: StoredInstance, expected?: number): Promise<boolean>;
}
