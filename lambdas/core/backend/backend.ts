import type { Directory } from "../approval/directory.ts";
import type { ChangeAnnouncer } from "../ports/change-announcer.ts";
import type { Clock } from "../ports/clock.ts";
import type { EventBus } from "../ports/event-bus.ts";
import type { Executions } from "../ports/executions.ts";
import type { FlowStores } from "../ports/flow-stores.ts";
import type { Ids } from "../ports/ids.ts";
import type { Plugins } from "../ports/plugins.ts";
import type { Scheduler } from "../ports/scheduler.ts";
import type { SchemaValidators } from "../ports/schema-validators.ts";
import type { TaskResults } from "../ports/task-results.ts";
import type { TemplateCatalog } from "../ports/template-catalog.ts";
import type { VerdictDelivery } from "../ports/verdict-delivery.ts";

/**
 * Everything an operation reaches outside itself, injected as one: the same operations run
 * behind Lambda handlers (AWS SDK adapters), `hono` routes and the embedded engine.
 */
export interface Backend {
  stores: FlowStores;
  tasks: TaskResults;
  /** Where decided approvals' verdicts go: straight over `tasks`, or relayed to the function that may send them. */
  verdicts: VerdictDelivery;
  executions: Executions;
  bus: EventBus;
  directory: Directory;
  plugins: Plugins;
  scheduler: Scheduler;
  templates: TemplateCatalog;
  /** The validators of the requests' and templates' JSON Schemas. */
  schemas: SchemaValidators;
  clock: Clock;
  ids: Ids;
  /** Keys that sign callback bodies, approval links and audit exports (≥256 bits each); never logged. */
  secrets: { callbackKey: string; linkKey: string; auditKey: string };
  /** Where approval links point, e.g. `https://baton.example.com`. */
  publicUrl: string;
  /**
   * What follows the changes recorded: announced at once (`inLineAnnouncer`), or left to the
   * store's change stream (`historyStreamAnnouncer`, AWS).
   */
  announcer: ChangeAnnouncer;
}
