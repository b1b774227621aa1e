import type { Backend } from "../backend/backend.ts";
import { BATON_ERRORS } from "../contract/baton-errors.ts";
import type { PluginRequest } from "../contract/handler-payloads.ts";
import { PluginFailedError } from "../ports/plugins.ts";
import type { CallbackRecord } from "../records/callback-record.ts";
import { closeUnreportedCallback } from "./close-unreported-callback.ts";
import { jsonBytes } from "./json-bytes.ts";
import { recordChange } from "./record-change.ts";
import { scheduleReminder } from "./schedule-reminder.ts";

/**
 * The largest plugin output an execution's state carries (`nodes.<id>.output`): a larger one
 * stays in the instance's history only, and the state carries `{ stored: "history", bytes }`,
 * so that node outputs never push a state towards Step Functions' 256 KiB.
 */
export const MAX_STATE_OUTPUT_BYTES = 16 * 1024;

/** The longest error message of a plugin's last failed attempt kept as the node's output. */
const MAX_ERROR_CHARS = 2000;

/** The largest plugin output accepted at all (a history entry is one item of ≤ 400 KB). */
export const MAX_OUTPUT_BYTES = 256 * 1024;

/** A plugin's failure as the compiled machine catches it: the task's outcome is `failed`. */
export class TaskFailedError extends Error {
  override readonly name = BATON_ERRORS.taskFailed;
}

/** A plugin's transient error, retried by the task's `retry` policy. */
export class PluginError extends Error {
  override readonly name = BATON_ERRORS.pluginError;
}

/** A sync task's output as the execution's state carries it: a large one stays in the history. */
function stateOutput(output: Record<string, unknown>): Record<string, unknown> {
  const bytes = jsonBytes(output);
  return bytes > MAX_STATE_OUTPUT_BYTES ? { stored: "history", bytes } : output;
}

/** The answer of a sync task whose outcome is recorded: its output, or its failure. */
function recordedOutcome(detail: Record<string, unknown>): Record<string, unknown> {
  const output = (detail.output ?? {}) as Record<string, unknown>;
  if (detail.outcome === "succeeded") return stateOutput(output);
  throw new TaskFailedError(JSON.stringify(output));
}

/**
 * Serves a task node (the plugins function): records `node.activated` and `task.requested`,
 * then calls the plugin. A `sync` call returns the plugin's output; a failure it reports
 * throws {@link TaskFailedError} (cause: the output as JSON), anything else
 * {@link PluginError} — retried by the task's `retry` — until the task's last attempt, whose
 * error fails the node with `{ error: message }` as a reported failure would. A sync call asked
 * again once its outcome is recorded answers that outcome without calling the plugin again. A
 * `callback` call first maps a fresh callback id to the task token — the plugin only ever sees
 * the id — and returns once the plugin took the work; the state stays parked until the
 * callback reports. A failed callback call closes its callback before it retries or fails the
 * node, so that a late report is `gone`; if the plugin reported first, the call returns and
 * the report completes the node (never both).
 *
 * @example
 * const output = await callPlugin(backend, { plugin: "erp.pay", node: "pay", instance, input, nodes: {} });
 */
export async function callPlugin(
  backend: Backend,
  request: PluginRequest,
): Promise<Record<string, unknown>> {
  const { tenant, id } = request.instance;
  const instance = await backend.stores.instances.get(tenant, id);
  if (!instance) throw new TypeError(`no instance ${id}`);
  const at = backend.clock.now().toISOString();
  const history = await backend.stores.history.list(tenant, id);
  const attempt =
    history.filter((entry) => entry.type === "task.requested" && entry.nodeId === request.node)
      .length + 1;
  const settled =
    request.token === undefined
      ? history.find((entry) => entry.type === "node.completed" && entry.nodeId === request.node)
      : undefined;
  // A sync call asked again after its outcome was recorded (the answer was lost on the way,
  // or the engine replays): the recorded outcome, without calling the plugin a second time.
  if (settled) return recordedOutcome(settled.detail);
  const template = await backend.templates.get(instance.templateId, instance.templateVersion);
  const node = template?.nodes.find((candidate) => candidate.id === request.node);
  const attempts = node?.type === "task" ? (node.retry?.attempts ?? 1) : 1;
  let callback: { id: string; url: string; record: CallbackRecord } | undefined;
  if (request.token !== undefined) {
    const record: CallbackRecord = {
      tenant,
      callbackId: backend.ids.callbackId(),
      instanceId: id,
      nodeId: request.node,
      token: request.token,
      status: "waiting",
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    await backend.stores.callbacks.put(record);
    const policy = node?.type === "task" ? node.remind : undefined;
    await scheduleReminder(backend, tenant, { callbackId: record.callbackId }, policy, at);
    callback = {
      record,
      id: record.callbackId,
      url: `${backend.publicUrl}/v1/callbacks/${record.callbackId}?tenant=${encodeURIComponent(tenant)}`,
    };
  }
  const known = template ? { template } : {};
  /** Records the node's completion with the plugin's outcome. */
  const complete = (outcome: "succeeded" | "failed", output: Record<string, unknown>) =>
    recordChange(
      backend,
      instance,
      [
        {
          type: "node.completed",
          at: backend.clock.now().toISOString(),
          nodeId: request.node,
          detail: { outcome, output },
        },
      ],
      known,
    );
  await recordChange(
    backend,
    instance,
    [
      ...(attempt === 1
        ? [{ type: "node.activated" as const, at, nodeId: request.node, detail: {} }]
        : []),
      {
        type: "task.requested",
        at,
        nodeId: request.node,
        detail: {
          plugin: request.plugin,
          attempt,
          ...(callback ? { callbackId: callback.id } : {}),
        },
      },
    ],
    // Chained on the history read above: only a concurrent append makes it read again.
    { ...known, head: history.at(-1) ?? null },
  );
  let output: Record<string, unknown>;
  try {
    output = await backend.plugins.call({
      plugin: request.plugin,
      instance: request.instance,
      node: request.node,
      idempotencyKey: `${id}#${request.node}#${attempt}`,
      input: request.input,
      nodes: request.nodes,
      ...(callback ? { callback: { id: callback.id, url: callback.url } } : {}),
    });
    const bytes = callback ? 0 : jsonBytes(output);
    if (bytes > MAX_OUTPUT_BYTES) {
      throw new PluginFailedError({
        error: `the plugin's output is ${bytes} bytes; at most ${MAX_OUTPUT_BYTES} are accepted`,
      });
    }
  } catch (error) {
    // A callback plugin may report before its call's failure is known here: the report, if it
    // came first, completes the node and resumes the task; otherwise a later one gets `gone`.
    if (callback && (await closeUnreportedCallback(backend, callback.record)).status !== "closed") {
      return {};
    }
    const failed = (output: Record<string, unknown>) =>
      complete("failed", output).then(() => new TaskFailedError(JSON.stringify(output)));
    if (error instanceof PluginFailedError) {
      throw await failed(
        jsonBytes(error.output) > MAX_STATE_OUTPUT_BYTES
          ? { error: "the plugin's failure report was too large to keep" }
          : error.output,
      );
    }
    const message = error instanceof Error ? error.message : "the plugin could not be called";
    if (attempt < attempts) throw new PluginError(message);
    // The task's last attempt: its error is the node's failure, recorded like a reported one.
    throw await failed({ error: message.slice(0, MAX_ERROR_CHARS) });
  }
  if (callback) return output;
  try {
    await complete("succeeded", output);
  } catch (error) {
    // The plugin succeeded; only the record of it broke off, perhaps after it was written. A
    // retry answers the recorded outcome (or calls again, if none was written); the last attempt
    // fails with the store's error, and never records a failure beside the success.
    if (attempt < attempts) {
      throw new PluginError(
        error instanceof Error ? error.message : "its outcome was not recorded",
      );
    }
    throw error;
  }
  return stateOutput(output);
}
