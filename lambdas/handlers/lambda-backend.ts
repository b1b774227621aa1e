import type { Backend } from "../core/backend/backend.ts";
import type { LoopStateStore } from "../core/ports/loop-state-store.ts";

/**
 * What the Lambda handlers run operations on: the {@link Backend}, and the scheduler loop's
 * state of each tenant's instances (the step function's store, which no other operation uses).
 *
 * @example
 * const store = backend.loopStates(request.instance.tenant);
 */
export interface LambdaBackend extends Backend {
  loopStates(tenant: string): LoopStateStore;
}
