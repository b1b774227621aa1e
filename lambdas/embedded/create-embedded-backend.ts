import { memoryFlowStores } from "../adapters/memory/memory-flow-stores.ts";
import { randomIds } from "../adapters/random-ids.ts";
import { randomSecrets } from "../adapters/random-secrets.ts";
import { DirectVerdictDelivery } from "../core/approval/direct-verdict-delivery.ts";
import { type Directory, staticDirectory } from "../core/approval/directory.ts";
import type { Backend } from "../core/backend/backend.ts";
import { inLineAnnouncer } from "../core/operations/announce-changes.ts";
import { sendReminder } from "../core/operations/send-reminder.ts";
import type {
  PluginDeclaration,
  UserPluginDeclaration,
} from "../core/plugins/plugin-declaration.ts";
import type { Clock } from "../core/ports/clock.ts";
import type { ExecutionJournal } from "../core/ports/execution-journal.ts";
import type { FlowStores } from "../core/ports/flow-stores.ts";
import type { TemplateCatalog } from "../core/ports/template-catalog.ts";
import { ajvSchemaValidators } from "../core/schema/ajv-schema-validators.ts";
import { LocalTaskTokens } from "../local/local-task-tokens.ts";
import { createLocalBus, type EventDeliveryOptions } from "./create-local-bus.ts";
import { EmbeddedExecutions } from "./embedded-executions.ts";
import { userPluginTargets } from "./event-plugins/user-plugin-target.ts";
import { type InProcessPlugin, InProcessPlugins } from "./in-process-plugins.ts";
import type { LocalEventBus } from "./local-event-bus.ts";
import type { PendingReminders } from "./pending-reminders.ts";
import { TimerScheduler } from "./timer-scheduler.ts";
import { userPlugins } from "./user-plugins/user-plugins.ts";

/** What the embedded engine is made of. */
export interface EmbeddedOptions {
  templates: TemplateCatalog;
  /** @default memoryFlowStores() */
  stores?: FlowStores;
  /** Resolves `approvers: { role }`. @default every role empty */
  directory?: Directory;
  /**
   * Plugins run in-process, by name; one named like a declared user plugin takes its place.
   * @default {} (unregistered plugins answer sync calls with `{}`)
   */
  plugins?: Readonly<Record<string, InProcessPlugin>>;
  /** Where links and callback URLs point. @default "http://127.0.0.1:3000" */
  publicUrl?: string;
  /** @default fresh random keys per process */
  secrets?: Backend["secrets"];
  /** Where executions are journaled, so that `executions.resume()` can take them up after a restart. @default new MemoryExecutionJournal() */
  journal?: ExecutionJournal;
  /** @default the system clock */
  clock?: Clock;
  /** Where scheduled reminders are kept, so that `scheduler.restore()` arms them after a restart. @default nowhere */
  reminders?: PendingReminders;
  /**
   * The plugins of `plugins.yaml`: their subscriptions become the local bus's rules, and the
   * user plugins (`node`, `python`) serve the task nodes that name them, with
   * `BATON_CALLBACK_KEY` set to the engine's callback key for the SDK.
   * @default []
   */
  declaredPlugins?: readonly PluginDeclaration[];
  /**
   * How the bus delivers to them: dead-letter store, retries, outputs.
   * @default createLocalBus's, with user plugins run like their task calls (`BATON_CALLBACK_KEY` set)
   */
  eventDelivery?: EventDeliveryOptions;
}

/** The embedded engine's backend, with its bus and executions at hand. */
export interface EmbeddedBackend extends Backend {
  bus: LocalEventBus;
  executions: EmbeddedExecutions;
  scheduler: TimerScheduler;
}

/**
 * Assembles the embedded engine: the compiled state machines on the local interpreter, the
 * same operations behind them, the stores, the local bus with the declared plugins' rules,
 * in-process plugins.
 *
 * @example
 * const catalog = new DirectoryTemplateCatalog("definitions");
 * await catalog.load();
 * const backend = createEmbeddedBackend({ templates: catalog });
 */
export function createEmbeddedBackend(options: EmbeddedOptions): EmbeddedBackend {
  const tokens = new LocalTaskTokens();
  const executions = new EmbeddedExecutions(tokens, options.journal);
  const secrets = options.secrets ?? randomSecrets();
  const runners = { environment: { BATON_CALLBACK_KEY: secrets.callbackKey } };
  const backend: EmbeddedBackend = {
    stores: options.stores ?? memoryFlowStores(),
    tasks: tokens,
    verdicts: new DirectVerdictDelivery(tokens),
    executions,
    bus: createLocalBus(
      options.declaredPlugins ?? [],
      { linkKey: secrets.linkKey, publicUrl: () => backend.publicUrl },
      { userTarget: userPluginTargets(runners), ...options.eventDelivery },
    ),
    directory: options.directory ?? staticDirectory(),
    plugins: new InProcessPlugins({
      ...userPlugins(
        (options.declaredPlugins ?? []).filter(
          (plugin): plugin is UserPluginDeclaration =>
            plugin.kind === "node" || plugin.kind === "python",
        ),
        runners,
      ),
      ...options.plugins,
    }),
    scheduler: new TimerScheduler(
      (reminder) => sendReminder(backend, reminder),
      () => backend.clock.now().getTime(),
      options.reminders,
    ),
    templates: options.templates,
    schemas: ajvSchemaValidators(),
    clock: options.clock ?? { now: () => new Date() },
    ids: randomIds(),
    secrets,
    publicUrl: options.publicUrl ?? "http://127.0.0.1:3000",
    announcer: inLineAnnouncer,
  };
  executions.attach(backend);
  return backend;
}
