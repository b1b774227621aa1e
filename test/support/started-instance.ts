import type { InstanceRef } from "../../lambdas/core/contract/handler-payloads.ts";
import type { Template } from "../../lambdas/core/model/template.ts";
import { openApproval } from "../../lambdas/core/operations/open-approval.ts";
import { startInstance } from "../../lambdas/core/operations/start-instance.ts";
import { type RecordingBackend, recordingBackend } from "./memory-backend.ts";

/** One instance started on a recording backend of its own. */
export interface StartedInstance {
  backend: RecordingBackend;
  instanceId: string;
  /** The instance as the handlers' payloads name it. */
  instance: InstanceRef;
}

/** Which approval `startedWithApproval` opens, and with which task token. */
export interface OpenedApproval {
  /** The approval node. @default "lead" */
  node?: string;
  /** The task token it parks with, as the compiled machine would give it. @default "t-lead" */
  token?: string;
}

/**
 * Starts one instance of `template` for tenant `default`, started by sam with an empty input,
 * on a new recording backend that holds `template` alone.
 *
 * @example
 * const { backend, instanceId, instance } = await startedInstance(template);
 */
export async function startedInstance(template: Template): Promise<StartedInstance> {
  const backend = await recordingBackend([template]);
  const { instanceId } = await startInstance(backend, {
    tenant: "default",
    templateId: template.id,
    input: {},
    starter: "sam",
  });
  return { backend, instanceId, instance: { tenant: "default", id: instanceId } };
}

/**
 * Starts one more instance of `template` on a backend that holds it (tenant `default`, started by
 * sam with an empty input) and opens the approval of one node, as its node parking would;
 * answers the instance id.
 *
 * @example
 * const first = await startWithApproval(backend, template);
 * const second = await startWithApproval(backend, template, { token: "t-2" });
 */
export async function startWithApproval(
  backend: RecordingBackend,
  template: Template,
  { node = "lead", token = "t-lead" }: OpenedApproval = {},
): Promise<string> {
  const { instanceId } = await startInstance(backend, {
    tenant: "default",
    templateId: template.id,
    input: {},
    starter: "sam",
  });
  await openApproval(backend, { token, instance: { tenant: "default", id: instanceId }, node });
  return instanceId;
}

/**
 * Starts one instance of `template` as `startedInstance` does and opens the approval of one
 * node, as its node parking would; answers its approval id too (its first visit).
 *
 * @example
 * const { backend, approvalId } = await startedWithApproval(template, { token: "t-1" });
 * await actOnApproval(backend, "default", approvalId, "al", { action: "approve" });
 */
export async function startedWithApproval(
  template: Template,
  opened: OpenedApproval = {},
): Promise<StartedInstance & { approvalId: string }> {
  const backend = await recordingBackend([template]);
  const instanceId = await startWithApproval(backend, template, opened);
  return {
    backend,
    instanceId,
    instance: { tenant: "default", id: instanceId },
    approvalId: `${instanceId}.${opened.node ?? "lead"}.1`,
  };
}
