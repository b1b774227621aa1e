import type { Backend } from "../../lambdas/core/backend/backend.ts";
import type { InstanceRef } from "../../lambdas/core/contract/handler-payloads.ts";
import { startInstance } from "../../lambdas/core/operations/start-instance.ts";

/**
 * Starts the sample `cache-change` template for tenant `default`, requested and started by
 * rita (owner olga, app feed, cluster general, 8 GB) unless `overrides` changes the input,
 * and answers the instance as the handlers' payloads name it.
 *
 * @example
 * const instance = await startCacheChange(backend, { cluster: "payment" });
 * await approvalsHandler(() => backend)({ token, instance, node: "lead", input, nodes: {} }, context);
 */
export async function startCacheChange(
  backend: Backend,
  overrides: Record<string, unknown> = {},
): Promise<InstanceRef> {
  const { instanceId } = await startInstance(backend, {
    tenant: "default",
    templateId: "cache-change",
    input: {
      requester: "rita",
      owner: "olga",
      app: "feed",
      cluster: "general",
      memoryGb: 8,
      ...overrides,
    },
    starter: "rita",
  });
  return { tenant: "default", id: instanceId };
}
