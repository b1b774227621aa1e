import { describe, expect, it } from "vitest";
import { type PluginCall, PluginFailedError } from "../../lambdas/core/ports/plugins.ts";
import {
  type InProcessPlugin,
  InProcessPlugins,
} from "../../lambdas/embedded/in-process-plugins.ts";
import { pluginsHandler } from "../../lambdas/handlers/plugins.ts";
import { lambdaContext } from "../support/lambda-context.ts";
import { lambdaTestBackend } from "../support/lambda-test-backend.ts";
import { startCacheChange } from "../support/start-cache-change.ts";

const context = lambdaContext("baton-plugins");

async function handlerWith(plugin: InProcessPlugin) {
  const backend = await lambdaTestBackend();
  const instance = await startCacheChange(backend);
  const handler = pluginsHandler(() => ({
    ...backend,
    plugins: new InProcessPlugins({ "cache.provision": plugin }),
  }));
  // The Payload of a compiled sync task's Task (lambda:invoke).
  const request = {
    plugin: "cache.provision",
    node: "provision",
    instance,
    input: { memoryGb: 8 },
    nodes: {},
  };
  return { handler, request, backend };
}

describe("the plugins handler", () => {
  it("answers a sync task with the plugin's output", async () => {
    const { handler, request } = await handlerWith(async () => ({ endpoint: "cache-1" }));

    expect(await handler(request, context)).toEqual({ endpoint: "cache-1" });
  });

  it("raises Baton.TaskFailed with the output as cause when the plugin reports failure", async () => {
    const { handler, request } = await handlerWith(async () => {
      throw new PluginFailedError({ reason: "quota exceeded" });
    });

    const error = (await handler(request, context).catch((caught: unknown) => caught)) as Error;

    expect(error.name).toBe("Baton.TaskFailed");
    expect(JSON.parse(error.message)).toEqual({ reason: "quota exceeded" });
  });

  it("fails the node with the error's message on the task's last attempt (cache-change's provision has one): Baton.TaskFailed", async () => {
    const { handler, request, backend } = await handlerWith(async () => {
      throw new Error("connection reset");
    });

    const error = (await handler(request, context).catch((caught: unknown) => caught)) as Error;

    expect(error.name).toBe("Baton.TaskFailed");
    expect(JSON.parse(error.message)).toEqual({ error: "connection reset" });
    const history = await backend.stores.history.list("default", request.instance.id);
    expect(history.at(-1)).toMatchObject({
      type: "node.completed",
      nodeId: "provision",
      detail: { outcome: "failed", output: { error: "connection reset" } },
    });
  });

  it("maps a callback task's token to a callback id the plugin reports on", async () => {
    let seen: PluginCall["callback"];
    const { handler, request, backend } = await handlerWith(async (call) => {
      seen = call.callback;
      return {};
    });

    // lambda:invoke.waitForTaskToken adds the token.
    await handler({ ...request, token: "AQCE-callback-token" }, context);

    const callback = await backend.stores.callbacks.get("default", seen?.id ?? "");
    expect(callback).toMatchObject({ token: "AQCE-callback-token", status: "waiting" });
    expect(seen?.url).toBe(`https://baton.test/v1/callbacks/${seen?.id}?tenant=default`);
  });
});
