import { MemoryExecutionJournal } from "../../../lambdas/adapters/memory/memory-execution-journal.ts";
import { memoryFlowStores } from "../../../lambdas/adapters/memory/memory-flow-stores.ts";
import { MemoryTemplateCatalog } from "../../../lambdas/adapters/memory/memory-template-catalog.ts";
import type { FlowAction } from "../../../lambdas/core/engine/flow-action.ts";
import type { InstanceStatus } from "../../../lambdas/core/engine/instance-state.ts";
import type { Template } from "../../../lambdas/core/model/template.ts";
import { actOnApproval } from "../../../lambdas/core/operations/act-on-approval.ts";
import type { NodeView } from "../../../lambdas/core/operations/node-views.ts";
import { readInstance } from "../../../lambdas/core/operations/read-instance.ts";
import { reportCallback } from "../../../lambdas/core/operations/report-callback.ts";
import { startInstance } from "../../../lambdas/core/operations/start-instance.ts";
import { type PluginCall, PluginFailedError } from "../../../lambdas/core/ports/plugins.ts";
import { approvalId, FIRST_VISIT } from "../../../lambdas/core/records/approval-record.ts";
import { simulateReference } from "../../../lambdas/core/simulation/simulate-reference.ts";
import {
  createEmbeddedBackend,
  type EmbeddedBackend,
} from "../../../lambdas/embedded/create-embedded-backend.ts";
import { decisionOf } from "../../../lambdas/local/decision-of.ts";
import type { LocalTaskTokens } from "../../../lambdas/local/local-task-tokens.ts";
import { eventually } from "../../support/eventually.ts";
import { CrashSwitch } from "./crash-switch.ts";

const TENANT = "default";

/** Reads until `check` holds, every 5 ms for up to 10 s (the machine gets there on its own). */
const until = <T>(read: () => Promise<T>, check: (value: T) => boolean) =>
  eventually(read, check, 2000);

type Answer = { act: "succeed" | "fail"; output: Record<string, unknown> };

/**
 * Sync plugin calls of one engine, each waiting for its script step; a call the script has
 * answered already (made again by a replay, because the engine died before it journaled the
 * answer) gets the same answer at once, as an idempotent plugin gives.
 */
class ScriptedPlugins {
  private readonly waiting = new Map<string, (answer: Answer) => void>();
  private readonly answers: Map<string, Answer>;

  constructor(answers: Map<string, Answer>) {
    this.answers = answers;
  }

  readonly plugin = (call: PluginCall): Promise<Record<string, unknown>> => {
    if (call.callback) return Promise.resolve({});
    const key = `${call.instance.id}/${call.node}`;
    const settle = ({ act, output }: Answer) =>
      act === "succeed" ? Promise.resolve(output) : Promise.reject(new PluginFailedError(output));
    const answered = this.answers.get(key);
    if (answered) return settle(answered);
    return new Promise((resolve, reject) => {
      this.waiting.set(key, (answer) => settle(answer).then(resolve, reject));
    });
  };

  async answer(instanceId: string, node: string, answer: Answer): Promise<void> {
    const key = `${instanceId}/${node}`;
    const waiting = await until(
      async () => this.waiting.get(key),
      (found) => found !== undefined,
    );
    this.waiting.delete(key);
    this.answers.set(key, answer);
    waiting?.(answer);
  }
}

/** Where a run ended: the instance's status and each node's. */
export interface RunEnd {
  status: InstanceStatus;
  nodes: Record<string, NodeView["status"]>;
}

/**
 * Runs a `baton simulate` script through the operations on an embedded engine whose stores and
 * journal are in memory and outlive it, killing the engine after step `crashAfter` (0: before
 * the first) once `turns` turns of the event loop have passed, and taking it up again on a new
 * engine with `resume()`. Steps the reference engine ignores are skipped; a timeout already run
 * out before the crash runs out again if the node still waits (the time has passed, as it
 * would have for a real engine that was down). Returns where the instance ends.
 */
export async function crashingScriptRun(
  template: Template,
  input: unknown,
  script: readonly FlowAction[],
  crash: { after: number; turns: number },
): Promise<RunEnd> {
  const stores = memoryFlowStores();
  const journal = new MemoryExecutionJournal();
  const templates = new MemoryTemplateCatalog([template]);
  const answers = new Map<string, Answer>();
  const engine = (cut?: CrashSwitch) => {
    const plugins = new ScriptedPlugins(answers);
    const names = template.nodes.flatMap((node) => (node.type === "task" ? [node.plugin] : []));
    const backend = createEmbeddedBackend({
      templates,
      stores: cut ? cut.wrap(stores) : stores,
      journal: cut ? cut.wrap(journal) : journal,
      plugins: Object.fromEntries(names.map((name) => [name, plugins.plugin])),
    });
    return { backend, plugins };
  };
  const effects = simulateReference(template, input, script).steps.map((step) => step.effect);
  const cut = new CrashSwitch();
  let current = engine(cut);
  const { instanceId } = await startInstance(current.backend, {
    tenant: TENANT,
    templateId: template.id,
    input,
    starter: "starter",
  });
  const timedOut: FlowAction[] = [];
  for (let index = 0; index <= script.length; index += 1) {
    if (index === crash.after) {
      for (let turn = 0; turn < crash.turns; turn += 1) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      cut.crash();
      current.backend.executions.close();
      current.backend.scheduler.close();
      current = engine();
      await current.backend.executions.resume();
      for (const action of timedOut) await runOutAgain(current.backend, instanceId, action);
    }
    const action = script[index];
    if (!action || effects[index] === "not-pending") continue;
    await apply(current, template, instanceId, action);
    if (action.act === "timeout") timedOut.push(action);
  }
  const view = await until(
    () => readInstance(current.backend, TENANT, instanceId),
    (read) => read.status !== "running",
  );
  current.backend.executions.close();
  return {
    status: view.status,
    nodes: Object.fromEntries(Object.entries(view.nodes).map(([id, node]) => [id, node.status])),
  };
}

/** Runs one script step on the engine, once its node waits for it. */
async function apply(
  { backend, plugins }: { backend: EmbeddedBackend; plugins: ScriptedPlugins },
  template: Template,
  instanceId: string,
  action: FlowAction,
): Promise<void> {
  const node = template.nodes.find((candidate) => candidate.id === action.node);
  const tokens = backend.tasks as LocalTaskTokens;
  if (node?.type === "approval") {
    const record = await until(
      () => backend.stores.approvals.get(TENANT, instanceId, action.node, FIRST_VISIT),
      (found) => found?.status === "pending",
    );
    if (action.act === "timeout") tokens.timeOut(record?.token as string);
    else {
      const id = approvalId({ instanceId, nodeId: action.node, visit: FIRST_VISIT });
      const by = (action as { by: string }).by;
      await actOnApproval(backend, TENANT, id, by, decisionOf(action));
    }
    return;
  }
  if (node?.type === "task" && node.mode === "callback") {
    const callbackId = await waitingCallback(backend, instanceId, action.node);
    if (action.act === "timeout") {
      const record = await backend.stores.callbacks.get(TENANT, callbackId);
      tokens.timeOut(record?.token as string);
      return;
    }
    await reportCallback(backend, TENANT, callbackId, {
      status: action.act === "succeed" ? "succeeded" : "failed",
      ...("output" in action && action.output ? { output: action.output } : {}),
    });
    return;
  }
  if (node?.type === "task" && (action.act === "succeed" || action.act === "fail")) {
    await plugins.answer(instanceId, action.node, {
      act: action.act,
      output: action.output ?? {},
    });
  }
}

/** A timeout run out before the crash, run out again if its node still waits after it. */
async function runOutAgain(
  backend: EmbeddedBackend,
  instanceId: string,
  action: FlowAction,
): Promise<void> {
  const tokens = backend.tasks as LocalTaskTokens;
  const record = await backend.stores.approvals.get(TENANT, instanceId, action.node, FIRST_VISIT);
  if (record?.status === "pending") tokens.timeOut(record.token);
  const history = await backend.stores.history.list(TENANT, instanceId);
  const requested = history.findLast(
    (entry) => entry.type === "task.requested" && entry.nodeId === action.node,
  );
  const callbackId = requested?.detail.callbackId;
  if (typeof callbackId !== "string") return;
  const callback = await backend.stores.callbacks.get(TENANT, callbackId);
  if (callback?.status === "waiting") tokens.timeOut(callback.token);
}

/** The callback id of the node's newest callback, once it waits for its report. */
async function waitingCallback(
  backend: EmbeddedBackend,
  instanceId: string,
  node: string,
): Promise<string> {
  const callback = await until(
    async () => {
      const history = await backend.stores.history.list(TENANT, instanceId);
      const requested = history.findLast(
        (entry) => entry.type === "task.requested" && entry.nodeId === node,
      );
      const id = requested?.detail.callbackId;
      return typeof id === "string" ? backend.stores.callbacks.get(TENANT, id) : undefined;
    },
    (record) => record?.status === "waiting",
  );
  return callback?.callbackId as string;
}
