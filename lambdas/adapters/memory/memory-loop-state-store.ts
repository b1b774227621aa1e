import type { LoopState, LoopStateStore } from "../../core/ports/loop-state-store.ts";
import { WriteConflictError } from "../../core/ports/write-conflict-error.ts";

/**
 * An {@link LoopStateStore} in memory, with the conditional-write contract of the DynamoDB one.
 *
 * @example
 * const store = new MemoryLoopStateStore();
 * await store.put({ instanceId: "i-1", state, activatedAt: {}, version: 1 });
 */
export class MemoryLoopStateStore implements LoopStateStore {
  private readonly instances = new Map<string, LoopState>();
  /** How many writes succeeded: what a DynamoDB table would bill. */
  writes = 0;

  async get(instanceId: string): Promise<LoopState | undefined> {
    const stored = this.instances.get(instanceId);
    return stored && structuredClone(stored);
  }

  async put(instance: LoopState, expected?: number): Promise<void> {
    const stored = this.instances.get(instance.instanceId);
    if (stored?.version !== expected) {
      throw new WriteConflictError("loop state", stored && structuredClone(stored));
    }
    this.instances.set(instance.instanceId, structuredClone(instance));
    this.writes += 1;
  }
}
