import { memoryFlowStores } from "../../lambdas/adapters/memory/memory-flow-stores.ts";
import { randomIds } from "../../lambdas/adapters/random-ids.ts";
import { DirectVerdictDelivery } from "../../lambdas/core/approval/direct-verdict-delivery.ts";
import { staticDirectory } from "../../lambdas/core/approval/directory.ts";
import type { Backend } from "../../lambdas/core/backend/backend.ts";
import type { Template } from "../../lambdas/core/model/template.ts";
import { inLineAnnouncer } from "../../lambdas/core/operations/announce-changes.ts";
import type { ExecutionDescription } from "../../lambdas/core/ports/executions.ts";
import type { Reminder } from "../../lambdas/core/ports/scheduler.ts";
import type { TaskResults } from "../../lambdas/core/ports/task-results.ts";
import { TaskTokenGoneError } from "../../lambdas/core/ports/task-token-gone-error.ts";
import type { BusEvent } from "../../lambdas/core/records/bus-event.ts";
import { ajvSchemaValidators } from "../../lambdas/core/schema/ajv-schema-validators.ts";
import { DirectoryTemplateCatalog } from "../../lambdas/embedded/directory-template-catalog.ts";
import { InProcessPlugins } from "../../lambdas/embedded/in-process-plugins.ts";

/** A task result the backend sent, as Step Functions would receive it. */
export type SentResult =
  | { kind: "success"; token: string; output: Record<string, unknown> }
  | { kind: "failure"; token: string; error: string; cause: string }
  | { kind: "heartbeat"; token: string };

/** A backend of in-memory adapters that records what it sends out, for operation tests. */
export interface RecordingBackend extends Backend {
  sent: SentResult[];
  events: BusEvent[];
  /** Reminders scheduled and not cancelled, by id. */
  reminders: Map<string, Reminder>;
  started: { name: string; templateId: string }[];
  stopped: string[];
  /**
   * Executions that ended without their status-change event, by id, as `describe` answers
   * them; a started one not in it runs (a stopped one was aborted).
   */
  executionEnds: Map<string, ExecutionDescription>;
  /** Makes task results on this token fail as Step Functions would when its state is gone. */
  goneTokens: Map<string, TaskTokenGoneError["reason"]>;
  /** Moves the clock. */
  advance(ms: number): void;
}

/**
 * A backend for testing operations without an engine: memory stores, the templates given (or
 * those of `definitions/`), and adapters that record task results, events and executions.
 *
 * @example
 * const backend = await recordingBackend();
 * await startInstance(backend, { tenant: "default", templateId: "cache-change", input, starter: "al" });
 */
export async function recordingBackend(
  templates?: readonly Template[],
  roles: Record<string, string[]> = {},
): Promise<RecordingBackend> {
  const catalog = new DirectoryTemplateCatalog("definitions");
  if (templates) for (const template of templates) catalog.add(template);
  else await catalog.load();
  let now = Date.parse("2026-12-02T09:00:00.000Z");
  const sent: SentResult[] = [];
  const events: BusEvent[] = [];
  const started: RecordingBackend["started"] = [];
  const stopped: string[] = [];
  const executionEnds = new Map<string, ExecutionDescription>();
  const goneTokens = new Map<string, TaskTokenGoneError["reason"]>();
  const reminders = new Map<string, Reminder>();
  const check = (token: string) => {
    const reason = goneTokens.get(token);
    if (reason) throw new TaskTokenGoneError(reason);
  };
  const tasks: TaskResults = {
    succeed: async (token, output) => {
      check(token);
      sent.push({ kind: "success", token, output });
    },
    fail: async (token, error, cause) => {
      check(token);
      sent.push({ kind: "failure", token, error, cause });
    },
    heartbeat: async (token) => {
      check(token);
      sent.push({ kind: "heartbeat", token });
    },
  };
  return {
    stores: memoryFlowStores(),
    tasks,
    verdicts: new DirectVerdictDelivery(tasks),
    executions: {
      start: async (templateId, _version, name) => {
        started.push({ name, templateId });
        return `execution:${name}`;
      },
      stop: async (executionId) => {
        stopped.push(executionId);
      },
      describe: async (executionId) => {
        const ended = executionEnds.get(executionId);
        if (ended) return ended;
        if (stopped.includes(executionId)) return { status: "ABORTED" };
        const known = started.some(({ name }) => `execution:${name}` === executionId);
        return known ? { status: "RUNNING" } : undefined;
      },
    },
    bus: {
      publish: async (published) => {
        events.push(...published);
      },
    },
    directory: staticDirectory(roles),
    plugins: new InProcessPlugins(),
    scheduler: {
      schedule: async (reminder) => {
        reminders.set(reminder.id, reminder);
      },
      cancel: async (id) => {
        reminders.delete(id);
      },
    },
    templates: catalog,
    schemas: ajvSchemaValidators(),
    clock: { now: () => new Date(now) },
    ids: randomIds(() => new Date(now)),
    secrets: {
      callbackKey: "callback-key-for-tests-only-0123456789",
      linkKey: "link-key-for-tests-only-0123456789abc",
      auditKey: "audit-key-for-tests-only-0123456789ab",
    },
    publicUrl: "https://baton.test",
    announcer: inLineAnnouncer,
    sent,
    events,
    reminders,
    started,
    stopped,
    executionEnds,
    goneTokens,
    advance: (ms) => {
      now += ms;
    },
  };
}
