import { describe, expect, it } from "vitest";
import { memoryFlowStores } from "../../lambdas/adapters/memory/memory-flow-stores.ts";
import { startInstance } from "../../lambdas/core/operations/start-instance.ts";
import { sweepInstances } from "../../lambdas/core/operations/sweep-instances.ts";
import { createEmbeddedBackend } from "../../lambdas/embedded/create-embedded-backend.ts";
import { DirectoryTemplateCatalog } from "../../lambdas/embedded/directory-template-catalog.ts";
import { eventually } from "../support/eventually.ts";
import { InjectedFault } from "../support/inject-fault.ts";
import { flow, task } from "../support/template-builder.ts";

const TENANT = "default";

describe("a start asked again for an execution that ran and ended, its end not yet reconciled", () => {
  it("does not run it a second time (no replay of its journal, which can diverge and call out again): it stays ended, and the sweep reconciles it", async () => {
    const catalog = new DirectoryTemplateCatalog("definitions");
    catalog.add(
      flow([task("scan", { plugin: "scanner" })], ["start>scan", "scan>end"], { id: "scan-only" }),
    );
    // Ending the instance fails once, as a DynamoDB write can (an emulator cannot fail it on
    // demand): the execution has ended, its journal is kept until it is reconciled.
    const stores = memoryFlowStores();
    const update = stores.instances.update.bind(stores.instances);
    let failed = false;
    stores.instances.update = async (record, expected) => {
      if (record.status !== "running" && !failed) {
        failed = true;
        throw new InjectedFault("the end was not written");
      }
      return update(record, expected);
    };
    let calls = 0;
    const backend = createEmbeddedBackend({
      templates: catalog,
      stores,
      plugins: {
        scanner: async () => {
          calls += 1;
          return { clean: true };
        },
      },
    });
    const warnings: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => warnings.push(String(chunk)) > 0) as typeof write;
    try {
      const { instanceId } = await startInstance(backend, {
        tenant: TENANT,
        templateId: "scan-only",
        input: {},
        starter: "sam",
      });
      const executionId = `scan-only:1:${instanceId}`;
      await eventually(
        () => backend.executions.describe(executionId),
        (described) => described === undefined,
      );
      expect(failed).toBe(true);

      await backend.executions.start("scan-only", 1, instanceId, {
        instance: { tenant: TENANT, id: instanceId },
        input: {},
        nodes: {},
      });
      await new Promise((resolve) => setTimeout(resolve, 50));

      expect(calls).toBe(1);
      expect(await backend.executions.describe(executionId)).toBeUndefined();
      expect(warnings.filter((line) => line.includes("replayed differently"))).toEqual([]);
      // Not run again, so not ended again: the instance waits for the sweep, which settles it.
      expect((await backend.stores.instances.get(TENANT, instanceId))?.status).toBe("running");
      expect(await sweepInstances(backend, { graceMs: 0 })).toMatchObject({ reconciled: 1 });
      expect((await backend.stores.instances.get(TENANT, instanceId))?.status).toBe("completed");
    } finally {
      process.stderr.write = write;
      backend.executions.close();
    }
  });
});
