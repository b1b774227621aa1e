import { describe, expect, it } from "vitest";
import { callPlugin, TaskFailedError } from "../../lambdas/core/operations/call-plugin.ts";
import { PluginFailedError } from "../../lambdas/core/ports/plugins.ts";
import { InProcessPlugins } from "../../lambdas/embedded/in-process-plugins.ts";
import { startedInstance } from "../support/started-instance.ts";
import { flow, task } from "../support/template-builder.ts";

const template = flow([task("scan", { plugin: "scanner" })], ["start>scan", "scan>end"], {
  id: "scan-only",
});

describe("a sync call asked again after its outcome was recorded (its answer lost on the way)", () => {
  for (const outcome of ["succeeded", "failed"] as const) {
    it(`answers the recorded ${outcome} outcome without calling the plugin again, recording nothing more`, async () => {
      const { backend, instance } = await startedInstance(template);
      let calls = 0;
      backend.plugins = new InProcessPlugins({
        scanner: async () => {
          calls += 1;
          if (outcome === "failed") throw new PluginFailedError({ reason: "virus" });
          return { clean: true };
        },
      });
      const request = { plugin: "scanner", node: "scan", instance, input: {}, nodes: {} };
      const ask = () =>
        callPlugin(backend, request).then(
          (output) => ({ output }),
          (error: unknown) => ({ error }),
        );

      const first = await ask();
      const history = await backend.stores.history.list(instance.tenant, instance.id);
      const again = await ask();

      expect(calls).toBe(1);
      expect(again).toEqual(first);
      if (outcome === "failed")
        expect((again as { error: unknown }).error).toBeInstanceOf(TaskFailedError);
      expect(await backend.stores.history.list(instance.tenant, instance.id)).toEqual(history);
    });
  }
});
