import { MemoryLoopStateStore } from "../../lambdas/adapters/memory/memory-loop-state-store.ts";
import type { Template } from "../../lambdas/core/model/template.ts";
import type { LambdaBackend } from "../../lambdas/handlers/lambda-backend.ts";
import { type RecordingBackend, recordingBackend } from "./memory-backend.ts";

/**
 * The handlers' backend for tests: the {@link recordingBackend} (memory stores, recording
 * adapters) and a loop-state store in memory per tenant.
 *
 * @example
 * const backend = await lambdaTestBackend();
 * await approvalsHandler(() => backend)(payload, lambdaContext("approvals"));
 */
export async function lambdaTestBackend(
  templates?: readonly Template[],
): Promise<RecordingBackend & LambdaBackend> {
  const backend = await recordingBackend(templates);
  const loops = new Map<string, MemoryLoopStateStore>();
  return {
    ...backend,
    loopStates: (tenant) => {
      const store = loops.get(tenant) ?? new MemoryLoopStateStore();
      loops.set(tenant, store);
      return store;
    },
  };
}
