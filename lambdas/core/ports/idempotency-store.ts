/**
 * Start requests' idempotency keys: `claim` records which instance a key started, once; a
 * second claim of the key throws {@link WriteConflictError} carrying the instance id it holds.
 *
 * @example
 * await store.claim("default", "order-42", "01J");
 */
export interface IdempotencyStore {
  claim(tenant: string, key: string, instanceId: string): Promise<void>;
  get(tenant: string, key: string): Promise<string | undefined>;
}
