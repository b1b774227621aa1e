import type { InstanceState } from "../engine/instance-state.ts";

/** An instance's state as the scheduler loop keeps it, with the version it was written at. */
export interface LoopState {
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
export interface LoopStateStore {
  get(instanceId: string): Promise<LoopState | undefined>;
  /**
   * Writes if the stored version is `expected` (none stored when undefined); otherwise throws
   * {@link WriteConflictError}, writing nothing.
   */
  put(instance: LoopState, expected?: number): Promise<void>;
}
