import { createApiApp } from "../../lambdas/api/create-api-app.ts";
import { devIdentity } from "../../lambdas/api/dev-identity.ts";
import type { FlowAction } from "../../lambdas/core/engine/flow-action.ts";
import type { InstanceStatus } from "../../lambdas/core/engine/instance-state.ts";
import type { Template } from "../../lambdas/core/model/template.ts";
import type { NodeView } from "../../lambdas/core/operations/node-views.ts";
import { type PluginCall, PluginFailedError } from "../../lambdas/core/ports/plugins.ts";
import { approvalId, FIRST_VISIT } from "../../lambdas/core/records/approval-record.ts";
import type { HistoryEntry } from "../../lambdas/core/records/history-entry.ts";
import { signCallback } from "../../lambdas/core/security/callback-signature.ts";
import type { EmbeddedBackend } from "../../lambdas/embedded/create-embedded-backend.ts";
import { decisionOf } from "../../lambdas/local/decision-of.ts";
import type { LocalTaskTokens } from "../../lambdas/local/local-task-tokens.ts";

const TENANT = "default";
/** How long a step waits for its node to become pending before it counts as ignored. */
const SETTLE_MS = 150;
const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

/** Sync plugin calls waiting for their script step, by instance and node. */
export class ScriptedPlugins {
  private readonly waiting = new Map<
    string,
    { resolve(output: Record<string, unknown>): void; reject(error: Error): void }
  >();

  /** The in-process plugin every plugin name maps to: a sync call waits for its node's step. */
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
}

interface InstanceBody {
  status: InstanceStatus;
  nodes: Record<string, NodeView>;
  history: HistoryEntry[];
}

/**
 * Runs a `baton simulate` script through the HTTP API `baton dev` serves, on an embedded
 * backend: decisions as `POST /v1/approvals/{id}/decision` by the step's user, plugin reports
 * as signed `POST /v1/callbacks/{id}`, sync plugins answered by {@link ScriptedPlugins}, and a
 * timeout step by running out the parked state's timer (standing in for the passage of time).
 * A step whose node does not become pending is skipped, as `baton simulate` ignores it.
 * Returns where the instance ends, as `GET /v1/instances/{id}` reads it.
 */
export async function driveScript(
  backend: EmbeddedBackend,
  plugins: ScriptedPlugins,
  template: Template,
  input: unknown,
  script: readonly FlowAction[],
): Promise<{ status: InstanceStatus; nodes: Record<string, NodeView["status"]> }> {
  const unexpected: unknown[] = [];
  const app = createApiApp(backend, {
    identity: devIdentity(),
    log: (entry) => unexpected.push(entry),
  });
  const call = async (
    method: string,
    path: string,
    user: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    app.request(path, {
      method,
      headers: { "x-baton-user": user, "content-type": "application/json", ...headers },
      ...(body === undefined
        ? {}
        : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    });
  const started = await call("POST", `/v1/flows/${template.id}/instances`, "starter", { input });
  if (started.status !== 201)
    throw new Error(`start answered ${started.status}: ${await started.text()}`);
  const { instanceId } = (await started.json()) as { instanceId: string };
  const read = async () =>
    (await (await call("GET", `/v1/instances/${instanceId}`, "starter")).json()) as InstanceBody;
  const tokens = backend.tasks as LocalTaskTokens;
  const waitingCallback = async (node: string) => {
    const { history } = await read();
    const requested = history.findLast(
      (entry) => entry.type === "task.requested" && entry.nodeId === node,
    );
    const id = requested?.detail.callbackId;
    const record =
      typeof id === "string" ? await backend.stores.callbacks.get(TENANT, id) : undefined;
    return record?.status === "waiting" ? record : undefined;
  };
  const pendingApproval = async (node: string) => {
    const record = await backend.stores.approvals.get(TENANT, instanceId, node, FIRST_VISIT);
    return record?.status === "pending" ? record : undefined;
  };
  for (const action of script) {
    for (let waited = 0; waited < SETTLE_MS; waited += 5) {
      const { nodes, status } = await read();
      if (nodes[action.node]?.status === "active" || status !== "running") break;
      await pause();
    }
    const node = template.nodes.find((candidate) => candidate.id === action.node);
    if (node?.type === "approval") {
      const record = await pendingApproval(action.node);
      if (!record) continue;
      if (action.act === "timeout") tokens.timeOut(record.token);
      else
        await call(
          "POST",
          `/v1/approvals/${approvalId({ instanceId, nodeId: action.node, visit: FIRST_VISIT })}/decision`,
          (action as { by: string }).by,
          decisionOf(action),
        );
    } else if (node?.type === "task" && node.mode === "callback") {
      const record = await waitingCallback(action.node);
      if (!record) continue;
      if (action.act === "timeout") {
        tokens.timeOut(record.token);
        continue;
      }
      const body = JSON.stringify({
        status: action.act === "succeed" ? "succeeded" : "failed",
        ...("output" in action && action.output ? { output: action.output } : {}),
      });
      await call("POST", `/v1/callbacks/${record.callbackId}`, "plugin", body, {
        "x-baton-signature": signCallback(
          backend.secrets.callbackKey,
          { tenant: TENANT, callbackId: record.callbackId },
          body,
          Math.floor(backend.clock.now().getTime() / 1000),
        ),
      });
    } else if (node?.type === "task") {
      const pending = plugins.take(instanceId, action.node);
      if (action.act === "succeed") pending?.resolve(action.output ?? {});
      if (action.act === "fail") pending?.reject(new PluginFailedError(action.output ?? {}));
    }
  }
  for (let waited = 0; waited < SETTLE_MS; waited += 5) await pause();
  const { status, nodes } = await read();
  if (unexpected.length > 0)
    throw new Error(`the API logged unexpected errors: ${JSON.stringify(unexpected)}`);
  return {
    status,
    nodes: Object.fromEntries(Object.entries(nodes).map(([id, view]) => [id, view.status])),
  };
}
