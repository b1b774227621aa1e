import type { Backend } from "../backend/backend.ts";
import { OperationRefusedError } from "../contract/operation-refused-error.ts";
import { InputRefusedError } from "../engine/input-refused-error.ts";
import { assertValidInput } from "../engine/input-validator.ts";
import type { InstanceStatus } from "../engine/instance-state.ts";
import { WriteConflictError } from "../ports/write-conflict-error.ts";
import type { InstanceRecord } from "../records/instance-record.ts";
import { checkedId } from "./checked-id.ts";
import { jsonBytes } from "./json-bytes.ts";
import { recordChange } from "./record-change.ts";
import { updateInstance } from "./update-instance.ts";

/**
 * The largest start input accepted, as JSON: far below Step Functions' 256 KiB state limit,
 * which also carries node outputs. A larger input is refused `too-large` (HTTP 413).
 */
export const MAX_INPUT_BYTES = 64 * 1024;

/** A request to start an instance. */
export interface StartRequest {
  tenant: string;
  templateId: string;
  input: unknown;
  starter: string;
  /** Makes a retried start return the same instance, never a second execution. */
  idempotencyKey?: string;
}

/** The instance a start created, or found under its idempotency key (`created: false`). */
export interface StartResult {
  instanceId: string;
  status: InstanceStatus;
  templateVersion: number;
  created: boolean;
}

/**
 * The instance an earlier start of the same request created (`created: false`). One whose
 * start broke off before its execution was started (nothing ran it) has it started now,
 * under the same name, so a retry repairs it; a start still under way meanwhile starts the
 * same execution.
 */
async function existing(
  backend: Backend,
  tenant: string,
  instanceId: string,
): Promise<StartResult | undefined> {
  const found = await backend.stores.instances.get(tenant, instanceId);
  if (!found) return undefined;
  const launched =
    found.status === "running" && found.executionId === undefined
      ? await launch(backend, found)
      : found;
  return {
    instanceId,
    status: launched.status,
    templateVersion: found.templateVersion,
    created: false,
  };
}

/**
 * Puts the instance in its starter's "started" view, starts its execution (named by the
 * instance id: starting it again starts nothing new) and records the execution id. An
 * instance cancelled before the execution id was recorded (its cancel had nothing to stop)
 * has the execution stopped here. Returns the record as it ends up.
 */
async function launch(backend: Backend, record: InstanceRecord): Promise<InstanceRecord> {
  const { tenant, instanceId, templateId, templateVersion } = record;
  await backend.stores.inbox.put({
    tenant,
    user: record.starter,
    view: "started",
    createdAt: record.createdAt,
    instanceId,
    templateId,
  });
  const executionId = await backend.executions.start(templateId, templateVersion, instanceId, {
    instance: { tenant, id: instanceId },
    input: record.input,
    nodes: {},
  });
  let recorded = false;
  const latest = await updateInstance(
    backend,
    tenant,
    instanceId,
    (current) => {
      recorded = current.executionId === undefined;
      return recorded ? { executionId } : undefined;
    },
    record,
  );
  if (recorded && latest?.status === "cancelled") {
    await backend.executions.stop(executionId, latest.reason ?? "cancelled");
  }
  return latest ?? record;
}

/**
 * Starts an instance of a template's latest version: checks the input against the template's
 * schema (refused `invalid` with every error, nothing written), claims the idempotency key,
 * creates the instance, records `flow.started`, puts it in the starter's "started" view and
 * starts the execution, named by the instance id so a retry cannot start a second one. A
 * retry of a start that broke off before its execution started (the key claimed, the
 * instance created) starts it; see {@link launch}.
 *
 * @example
 * const { instanceId } = await startInstance(backend, { tenant: "default", templateId: "expense", input, starter: "al" });
 */
export async function startInstance(backend: Backend, request: StartRequest): Promise<StartResult> {
  const tenant = checkedId("tenant", request.tenant);
  const starter = checkedId("user", request.starter);
  const key =
    request.idempotencyKey === undefined
      ? undefined
      : checkedId("idempotencyKey", request.idempotencyKey);
  const template = await backend.templates.get(request.templateId);
  if (!template) throw new OperationRefusedError("not-found", `no template ${request.templateId}`);
  const size = jsonBytes(request.input);
  if (size > MAX_INPUT_BYTES) {
    throw new OperationRefusedError(
      "too-large",
      `input is ${size} bytes; at most ${MAX_INPUT_BYTES} are accepted`,
    );
  }
  try {
    assertValidInput(template, request.input, backend.schemas);
  } catch (error) {
    if (error instanceof InputRefusedError) {
      throw new OperationRefusedError(
        "invalid",
        "input does not fit the template's schema",
        error.problems,
      );
    }
    throw error;
  }
  let instanceId = backend.ids.instanceId();
  if (key !== undefined) {
    try {
      await backend.stores.idempotency.claim(tenant, key, instanceId);
    } catch (error) {
      if (!(error instanceof WriteConflictError) || typeof error.existing !== "string") throw error;
      const found = await existing(backend, tenant, error.existing);
      if (found) return found;
      instanceId = error.existing;
    }
  }
  const now = backend.clock.now().toISOString();
  const record: InstanceRecord = {
    tenant,
    instanceId,
    templateId: template.id,
    templateVersion: template.version,
    status: "running",
    input: request.input,
    starter,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  try {
    await backend.stores.instances.create(record);
  } catch (error) {
    if (!(error instanceof WriteConflictError)) throw error;
    const found = await existing(backend, tenant, instanceId);
    if (found) return found;
    throw error;
  }
  // The history of an instance created just now is empty: its first entry needs no read.
  await recordChange(
    backend,
    record,
    [{ type: "flow.started", at: now, actor: starter, detail: { input: request.input } }],
    { template, head: null },
  );
  const latest = await launch(backend, record);
  return {
    instanceId,
    status: latest.status,
    templateVersion: template.version,
    created: true,
  };
}
