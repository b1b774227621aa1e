import { OperationRefusedError } from "../../lambdas/core/contract/operation-refused-error.ts";
import type { FlowAction } from "../../lambdas/core/engine/flow-action.ts";
import type { Template } from "../../lambdas/core/model/template.ts";
import { actOnApproval } from "../../lambdas/core/operations/act-on-approval.ts";
import type { DecisionRequest } from "../../lambdas/core/operations/decision-request.ts";
import { readInstance } from "../../lambdas/core/operations/read-instance.ts";
import { reportCallback } from "../../lambdas/core/operations/report-callback.ts";
import { startInstance } from "../../lambdas/core/operations/start-instance.ts";
import { type PluginCall, PluginFailedError } from "../../lambdas/core/ports/plugins.ts";
import type { SimulationReport } from "../../lambdas/core/simulation/simulation-report.ts";
import type { EmbeddedBackend } from "../../lambdas/embedded/create-embedded-backend.ts";
import type { EmbeddedTaskTokens } from "../../lambdas/embedded/embedded-task-tokens.ts";

const TENANT = "default";
/** How long a step waits for its node to become pending before it counts as ignored. */
const SETTLE_MS = 150;

/** Sync plugin calls waiting for their script step, by instance and node. */
export class ScriptedPlugins {
  private readonly waiting = new Map<
    string,
    { resolve(output: Record<string, unknown>): void; reject(error: Error): void }
  >();

  /** The in-process plugin every plugin name maps to: it waits for the node's script step. */
  readonly plugin = (call: PluginCall): Promise<Record<string, unknown>> => {
    if (call.callback) return Promise.resolve({});
    const { promise, resolve, reject } = Promise.withResolvers<Record<string, unknown>>();
    this.waiting.set(`${call.instance.id}/${call.node}`, { resolve, reject });
    return promise;
  };

  take(instanceId: string, node: string) {
    const key = `${instanceId}/${node}`;
    const found = this.waiting.get(key);
    this.waiting.delete(key);
    return found;
  }

  has(instanceId: string, node: string): boolean {
    return this.waiting.has(`${instanceId}/${node}`);
  }
}

function decision(action: FlowAction): DecisionRequest {
  const { comment, ...form } = ("output" in action ? action.output : undefined) ?? {};
  const commented = typeof comment === "string" ? { comment } : {};
  switch (action.act) {
    case "approve":
    case "reject":
      return {
        action: action.act,
        ...commented,
        ...(Object.keys(form).length > 0 ? { form } : {}),
      };
    case "transfer":
      return { action: "transfer", to: action.to };
    case "addSign":
      return { action: "addSign", user: action.user, position: action.position };
    default:
      throw new TypeError(`${action.act} is not a decision`);
  }
}

/** Runs a `baton simulate` script through the embedded backend's operations. */
export async function driveScript(
  backend: EmbeddedBackend,
  plugins: ScriptedPlugins,
  template: Template,
  input: unknown,
  script: readonly FlowAction[],
): Promise<Omit<SimulationReport, "ignored">> {
  const { instanceId } = await startInstance(backend, {
    tenant: TENANT,
    templateId: template.id,
    input,
    starter: "starter",
  });
  const callbackOf = async (node: string) => {
    const { history } = await readInstance(backend, TENANT, instanceId);
    for (const entry of history.toReversed()) {
      if (entry.type !== "task.requested" || entry.nodeId !== node) continue;
      const record = await backend.stores.callbacks.get(TENANT, entry.detail.callbackId as string);
      return record?.status === "waiting" ? record : undefined;
    }
    return undefined;
  };
  const pending = async (node: string) => {
    const approval = await backend.stores.approvals.get(TENANT, instanceId, node, 1);
    if (approval?.status === "pending") return { approval };
    if (plugins.has(instanceId, node)) return { sync: true };
    const callback = await callbackOf(node);
    return callback ? { callback } : undefined;
  };
  for (const action of script) {
    let found: Awaited<ReturnType<typeof pending>>;
    for (let waited = 0; waited < SETTLE_MS; waited += 5) {
      found = await pending(action.node);
      if (found || (await readInstance(backend, TENANT, instanceId)).status !== "running") break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    if (!found) continue;
    const tokens = backend.tasks as EmbeddedTaskTokens;
    try {
      if ("approval" in found && found.approval) {
        if (action.act === "timeout") tokens.timeOut(found.approval.token);
        else
          await actOnApproval(
            backend,
            TENANT,
            found.approval && `${instanceId}.${action.node}.1`,
            (action as { by: string }).by,
            decision(action),
          );
      } else if ("sync" in found) {
        const call = plugins.take(instanceId, action.node);
        if (action.act === "succeed") call?.resolve(action.output ?? {});
        else
          call?.reject(
            new PluginFailedError(("output" in action ? action.output : undefined) ?? {}),
          );
      } else if ("callback" in found && found.callback) {
        if (action.act === "timeout") tokens.timeOut(found.callback.token);
        else
          await reportCallback(backend, TENANT, found.callback.callbackId, {
            status: action.act === "succeed" ? "succeeded" : "failed",
            ...("output" in action && action.output ? { output: action.output } : {}),
          });
      }
    } catch (error) {
      if (!(error instanceof OperationRefusedError)) throw error;
    }
  }
  for (let waited = 0; waited < SETTLE_MS; waited += 5)
    await new Promise((resolve) => setTimeout(resolve, 5));
  const view = await readInstance(backend, TENANT, instanceId);
  return {
    status: view.status,
    nodes: Object.fromEntries(Object.entries(view.nodes).map(([id, node]) => [id, node.status])),
  };
}
