import { describe, expect, it } from "vitest";
import { callPlugin } from "../../lambdas/core/operations/call-plugin.ts";
import { InProcessPlugins } from "../../lambdas/embedded/in-process-plugins.ts";
import { InjectedFault } from "../support/inject-fault.ts";
import { startedInstance } from "../support/started-instance.ts";
import { flow, task } from "../support/template-builder.ts";

const template = flow([task("scan", { plugin: "scanner" })], ["start>scan", "scan>end"], {
  id: "scan-once",
});

describe("a sync task's last attempt whose success was recorded but its answer lost (the fault test's double completion)", () => {
  it("fails with the store's error and records no failure beside the success", async () => {
    const { backend, instance, instanceId } = await startedInstance(template);
    backend.plugins = new InProcessPlugins({ scanner: async () => ({ clean: true }) });
    const history = backend.stores.history;
    const append = history.append.bind(history);
    // A memory store cannot lose an answer by itself: the completion is written, then this throws.
    history.append = async (entry) => {
      await append(entry);
      if (entry.type === "node.completed") throw new InjectedFault("its answer was lost");
    };

    const call = await callPlugin(backend, {
      plugin: "scanner",
      node: "scan",
      instance,
      input: {},
      nodes: {},
    }).catch((error: unknown) => error);

    expect(call).toBeInstanceOf(InjectedFault);
    const completions = (await history.list("default", instanceId)).flatMap((entry) =>
      entry.type === "node.completed" ? [entry.detail.outcome] : [],
    );
    expect(completions).toEqual(["succeeded"]);
  });
});
