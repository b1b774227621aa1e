import type { InstanceStore, StoredInstance } from "../core/ports/instance-store.ts";

/**
 * An {@link InstanceStore} in memory, with the conditional-write contract of the DynamoDB one.
 *
 * @example
 * const store = new MemoryInstanceStore();
 * await store.put({ instanceId: "i-1", state, activatedAt: {}, version: 1 }); // true
 */
export class MemoryInstanceStore implements InstanceStore {
  private readonly instances = new Map<string, StoredInstance>();
  /** How many writes succeeded: what a DynamoDB table would bill. */
  writes = 0;

  async get(instanceId: string): Promise<StoredInstance | undefined> {
    const stored = this.instances.get(instanceId);
    return stored && structuredClone(stored);
  }

  async put(instance: StoredInstance, expected?: number): Promise<boolean> {
    if (this.instances.get(instance.instanceId)?.version !== expected) return false;
    this.instances.set(instance.instanceId, structuredClone(instance));
    this.writes += 1;
    return true;
  }
}
