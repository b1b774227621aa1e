import { describe, expect, it } from "vitest";
import { callPlugin, TaskFailedError } from "../../lambdas/core/operations/call-plugin.ts";
import { reportCallback } from "../../lambdas/core/operations/report-callback.ts";
import { InProcessPlugins } from "../../lambdas/embedded/in-process-plugins.ts";
import type { RecordingBackend } from "../support/memory-backend.ts";
import { refusalOf } from "../support/refusal-of.ts";
import { startedInstance } from "../support/started-instance.ts";
import { flow, task } from "../support/template-builder.ts";

const TENANT = "default";
const template = flow([task("build", { mode: "callback" })], ["start>build", "build>end"], {
  id: "callback-only",
});

/** The `node.completed` entries of the instance's history, as outcome and actor. */
async function completions(backend: RecordingBackend, instanceId: string) {
  return (await backend.stores.history.list(TENANT, instanceId)).flatMap((entry) =>
    entry.type === "node.completed" ? [{ outcome: entry.detail.outcome, actor: entry.actor }] : [],
  );
}

/** The build node's call of its plugin, as the plugins function makes it. */
function callBuild(
  backend: RecordingBackend,
  instance: Parameters<typeof callPlugin>[1]["instance"],
) {
  return callPlugin(backend, {
    plugin: "demo.build",
    node: "build",
    token: "t-build",
    instance,
    input: {},
    nodes: {},
  });
}

/** The callback id the call handed its plugin, from its `task.requested` event. */
function handedCallbackId(backend: RecordingBackend): string {
  const requested = backend.events.findLast((event) => event.type === "task.requested");
  return requested?.detail.callbackId as string;
}

describe("a callback task whose call fails after or without its plugin's report (the fault test's double completions)", () => {
  it("returns when the plugin reported before its call failed: the report completes the node, once, and resumes the task", async () => {
    const { backend, instance, instanceId } = await startedInstance(template);
    backend.plugins = new InProcessPlugins({
      "demo.build": async (request) => {
        const callbackId = request.callback?.id ?? "";
        await reportCallback(backend, TENANT, callbackId, {
          status: "succeeded",
          output: { built: true },
        });
        throw new Error("the call's answer was lost");
      },
    });

    const answer = await callBuild(backend, instance);

    const callbackId = handedCallbackId(backend);
    expect(answer).toEqual({});
    expect(await completions(backend, instanceId)).toEqual([
      { outcome: "succeeded", actor: `callback:${callbackId}` },
    ]);
    expect(backend.sent).toEqual([
      {
        kind: "success",
        token: "t-build",
        output: { outcome: "succeeded", output: { built: true } },
      },
    ]);
    expect((await backend.stores.callbacks.get(TENANT, callbackId))?.status).toBe("succeeded");
  });

  it("closes its callback before failing the node, so that a report coming after is gone and completes nothing", async () => {
    const { backend, instance, instanceId } = await startedInstance(template);
    backend.plugins = new InProcessPlugins({
      "demo.build": async () => {
        throw new Error("the plugin could not be reached");
      },
    });

    const call = await callBuild(backend, instance).catch((error: unknown) => error);
    const callbackId = handedCallbackId(backend);
    const late = await refusalOf(
      reportCallback(backend, TENANT, callbackId, { status: "succeeded" }),
    );

    expect(call).toBeInstanceOf(TaskFailedError);
    expect(late.code).toBe("gone");
    expect(await completions(backend, instanceId)).toEqual([
      { outcome: "failed", actor: undefined },
    ]);
    expect(backend.sent).toEqual([]);
    expect((await backend.stores.callbacks.get(TENANT, callbackId))?.status).toBe("closed");
  });
});
