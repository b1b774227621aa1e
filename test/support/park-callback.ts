import type { InstanceRef } from "../../lambdas/core/contract/handler-payloads.ts";
import { callPlugin } from "../../lambdas/core/operations/call-plugin.ts";
import type { RecordingBackend } from "./memory-backend.ts";

/**
 * Parks callback task `node` of `instance` with `token`, as the compiled machine's call of the
 * plugins function would (its plugin `demo.<node>`, as the template builder's `task` names it);
 * answers the callback id it was given.
 *
 * @param node - the callback task. @default "build"
 * @example
 * const { backend, instance } = await startedInstance(template);
 * const callbackId = await parkCallback(backend, instance, "t-build");
 * await reportCallback(backend, "default", callbackId, { status: "succeeded" });
 */
export async function parkCallback(
  backend: RecordingBackend,
  instance: InstanceRef,
  token: string,
  node = "build",
): Promise<string> {
  await callPlugin(backend, {
    plugin: `demo.${node}`,
    node,
    token,
    instance,
    input: {},
    nodes: {},
  });
  const requested = backend.events.findLast((event) => event.type === "task.requested");
  return requested?.detail.callbackId as string;
}
