import type { LoopState, LoopStateStore } from "../../core/ports/loop-state-store.ts";
import { VersionedMap } from "./versioned-map.ts";

/**
 * An {@link LoopStateStore} in memory, with the conditional-write contract of the DynamoDB one.
 *
 * @example
 * const store = new MemoryLoopStateStore();
 * await store.put({ instanceId: "i-1", state, activatedAt: {}, version: 1 });
 */
export class MemoryLoopStateStore implements LoopStateStore {
  private readonly instances = new VersionedMap<LoopState>("loop state");
  /** How many writes succeeded: what a DynamoDB table would bill. */
  writes = 0;

  async get(instanceId: string): Promise<LoopState | undefined> {
    return this.instances.get(instanceId);
  }

  async put(instance: LoopState, expected?: number): Promise<void> {
    this.instances.put(instance.instanceId, instance, expected);
    this.writes += 1;
  }
}
