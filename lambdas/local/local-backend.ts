import { MemoryTemplateCatalog } from "../adapters/memory/memory-template-catalog.ts";
import { randomIds } from "../adapters/random-ids.ts";
import { randomSecrets } from "../adapters/random-secrets.ts";
import { DirectVerdictDelivery } from "../core/approval/direct-verdict-delivery.ts";
import type { Directory } from "../core/approval/directory.ts";
import type { Backend } from "../core/backend/backend.ts";
import type { InstanceRef } from "../core/contract/handler-payloads.ts";
import type { Template } from "../core/model/template.ts";
import { inLineAnnouncer } from "../core/operations/announce-changes.ts";
import type { Executions } from "../core/ports/executions.ts";
import type { FlowStores } from "../core/ports/flow-stores.ts";
import type { TaskResults } from "../core/ports/task-results.ts";
import { ajvSchemaValidators } from "../core/schema/ajv-schema-validators.ts";

/** What a simulation's backend is made of besides its one template. */
interface LocalBackendParts {
  stores: FlowStores;
  tasks: TaskResults;
  executions: Executions;
  directory: Directory;
}

/**
 * The backend a simulation's handlers run the operations on: the given stores, task results
 * and executions (the runtime's own), one template, the instance's id for the start, events
 * and reminders dropped (a simulation publishes nothing), plugins unused (the runtime stands
 * in for them).
 *
 * @example
 * const backend = localBackend(template, { tenant: "default", id: "i-1" }, { stores, tasks, executions, directory });
 */
export function localBackend(
  template: Template,
  instance: InstanceRef,
  parts: LocalBackendParts,
): Backend {
  const ids = randomIds();
  return {
    ...parts,
    verdicts: new DirectVerdictDelivery(parts.tasks),
    bus: { publish: async () => {} },
    scheduler: { schedule: async () => {}, cancel: async () => {} },
    plugins: {
      call: async () => {
        throw new Error("a simulation stands in for plugins itself");
      },
    },
    templates: new MemoryTemplateCatalog([template]),
    schemas: ajvSchemaValidators(),
    clock: { now: () => new Date() },
    ids: { ...ids, instanceId: () => instance.id },
    secrets: randomSecrets(),
    publicUrl: "http://localhost",
    announcer: inLineAnnouncer,
  };
}
