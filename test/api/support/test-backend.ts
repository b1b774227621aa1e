import { memoryFlowStores } from "../../../lambdas/adapters/memory/memory-flow-stores.ts";
import { MemoryTemplateCatalog } from "../../../lambdas/adapters/memory/memory-template-catalog.ts";
import { DirectVerdictDelivery } from "../../../lambdas/core/approval/direct-verdict-delivery.ts";
import { staticDirectory } from "../../../lambdas/core/approval/directory.ts";
import type { Backend } from "../../../lambdas/core/backend/backend.ts";
import type { ExecutionInput } from "../../../lambdas/core/contract/handler-payloads.ts";
import type { Template } from "../../../lambdas/core/model/template.ts";
import { inLineAnnouncer } from "../../../lambdas/core/operations/announce-changes.ts";
import { openApproval } from "../../../lambdas/core/operations/open-approval.ts";
import type { PluginCall } from "../../../lambdas/core/ports/plugins.ts";
import type { TaskResults } from "../../../lambdas/core/ports/task-results.ts";
import type { BusEvent } from "../../../lambdas/core/records/bus-event.ts";
import { ajvSchemaValidators } from "../../../lambdas/core/schema/ajv-schema-validators.ts";
import { DirectoryTemplateCatalog } from "../../../lambdas/embedded/directory-template-catalog.ts";

/** One call the test backend's task results received. */
export type TaskCall =
  | { kind: "succeed"; token: string; output: Record<string, unknown> }
  | { kind: "fail"; token: string; error: string; cause: string }
  | { kind: "heartbeat"; token: string };

/** A started execution, as the test backend's executions recorded it. */
export interface StartedExecution {
  templateId: string;
  templateVersion: number;
  name: string;
  input: ExecutionInput;
}

/** The test backend and what its in-memory ports recorded. */
export interface TestBackend {
  backend: Backend;
  /** Moves the clock on. */
  advance(ms: number): void;
  events: BusEvent[];
  /** Every start call, a repeated name included. */
  executions: StartedExecution[];
  stopped: string[];
  taskCalls: TaskCall[];
  pluginCalls: PluginCall[];
  /** Every task token handed out by {@link park}, to look for in answers and logs. */
  tokens: string[];
  /** Parks an approval node of an instance, as the compiled machine would. */
  park(instanceId: string, node: string): Promise<string>;
}

/** The latest version of each template in `definitions/`, read by the embedded engine's catalog. */
async function loadDefinitions(): Promise<Template[]> {
  const catalog = new DirectoryTemplateCatalog("definitions");
  const refused = await catalog.load();
  if (refused.length > 0) throw new Error(`definitions/ refused: ${JSON.stringify(refused)}`);
  return catalog.list();
}

let loaded: Promise<Template[]> | undefined;

/** The templates of `definitions/`, loaded once per test file. */
function definitions(): Promise<Template[]> {
  loaded ??= loadDefinitions();
  return loaded;
}

/**
 * A backend for API tests: the memory stores and small in-memory ports that record what they
 * were asked (a bus, executions that only record starts, task results, plugins), a clock that
 * moves only when told, sequential ids, and the templates of `definitions/` plus `extra`.
 *
 * @example
 * const test = await testBackend();
 * const app = createApiApp(test.backend, { identity: devIdentity() });
 */
export async function testBackend(extra: readonly Template[] = []): Promise<TestBackend> {
  let now = Date.parse("2026-12-02T10:00:00.000Z");
  let sequence = 0;
  const next = (prefix: string) => {
    sequence += 1;
    return `${prefix}${String(sequence).padStart(6, "0")}`;
  };
  const recorded: Omit<TestBackend, "backend" | "advance" | "park"> = {
    events: [],
    executions: [],
    stopped: [],
    taskCalls: [],
    pluginCalls: [],
    tokens: [],
  };
  const tasks: TaskResults = {
    succeed: async (token, output) =>
      void recorded.taskCalls.push({ kind: "succeed", token, output }),
    fail: async (token, error, cause) =>
      void recorded.taskCalls.push({ kind: "fail", token, error, cause }),
    heartbeat: async (token) => void recorded.taskCalls.push({ kind: "heartbeat", token }),
  };
  const backend: Backend = {
    stores: memoryFlowStores(),
    tasks,
    verdicts: new DirectVerdictDelivery(tasks),
    executions: {
      start: async (templateId, templateVersion, name, input) => {
        recorded.executions.push({ templateId, templateVersion, name, input });
        return `execution:${name}`;
      },
      stop: async (executionId) => void recorded.stopped.push(executionId),
      describe: async (executionId) => {
        if (recorded.stopped.includes(executionId)) return { status: "ABORTED" };
        const started = recorded.executions.some(({ name }) => `execution:${name}` === executionId);
        return started ? { status: "RUNNING" } : undefined;
      },
    },
    bus: { publish: async (events) => void recorded.events.push(...events) },
    directory: staticDirectory(),
    scheduler: { schedule: async () => {}, cancel: async () => {} },
    plugins: {
      call: async (call) => {
        recorded.pluginCalls.push(call);
        return {};
      },
    },
    templates: new MemoryTemplateCatalog([...(await definitions()), ...extra]),
    schemas: ajvSchemaValidators(),
    clock: { now: () => new Date(now) },
    ids: {
      instanceId: () => next("I"),
      callbackId: () => `cb-${next("")}-${"c".repeat(24)}`,
      linkId: () => next("L"),
    },
    secrets: { callbackKey: "k".repeat(43), linkKey: "l".repeat(43), auditKey: "a".repeat(43) },
    publicUrl: "https://baton.test",
    announcer: inLineAnnouncer,
  };
  return {
    backend,
    ...recorded,
    advance: (ms) => {
      now += ms;
    },
    park: async (instanceId, node) => {
      const token = `TOKEN-${next("")}-${"t".repeat(40)}`;
      recorded.tokens.push(token);
      await openApproval(backend, { token, instance: { tenant: "default", id: instanceId }, node });
      return token;
    },
  };
}
