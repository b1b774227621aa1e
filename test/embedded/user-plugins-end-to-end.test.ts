import { serve } from "@hono/node-server";
import { afterEach, describe, expect, it } from "vitest";
import { MemoryTemplateCatalog } from "../../lambdas/adapters/memory/memory-template-catalog.ts";
import { randomSecrets } from "../../lambdas/adapters/random-secrets.ts";
import { createApiApp } from "../../lambdas/api/create-api-app.ts";
import { devIdentity } from "../../lambdas/api/dev-identity.ts";
import type { Template } from "../../lambdas/core/model/template.ts";
import type { HistoryEntry } from "../../lambdas/core/records/history-entry.ts";
import { createEmbeddedBackend } from "../../lambdas/embedded/create-embedded-backend.ts";
import type { UserPluginDescriptor } from "../../lambdas/embedded/user-plugins/user-plugin-function.ts";
import { userPlugins } from "../../lambdas/embedded/user-plugins/user-plugins.ts";
import { CallbackClient, CallbackReportError } from "../../layers/node/baton-sdk/index.ts";
import { type Answer, call } from "../api/support/api-client.ts";
import { eventually } from "../support/eventually.ts";
import { runPython } from "../support/run-python.ts";
import { flow, task } from "../support/template-builder.ts";

const PLUGINS: UserPluginDescriptor[] = [
  { name: "cache.provision", kind: "node", handler: "plugins/cache-provision/index.ts" },
  { name: "link.safety-scan", kind: "python", handler: "plugins/link-safety-scan/handler.py" },
  { name: "fixture.raises", kind: "python", handler: "test/fixtures/plugins/raises.py" },
];

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/**
 * The embedded engine with the example plugins, its API served over HTTP on a free loopback
 * port (the plugins call back through it) with the callback URLs pointing there. The plugins
 * are `declared` as `plugins.yaml` declares them (the engine wires them and their key), or
 * `registered` as in-process plugins made by `userPlugins`, their failures kept out of the log.
 */
async function servedEngine(template: Template, wiring: "declared" | "registered" = "registered") {
  const secrets = randomSecrets();
  const backend = createEmbeddedBackend({
    templates: new MemoryTemplateCatalog([template]),
    secrets,
    ...(wiring === "declared"
      ? { declaredPlugins: PLUGINS.map((plugin) => ({ ...plugin, subscriptions: [] })) }
      : {
          plugins: userPlugins(PLUGINS, {
            environment: { BATON_CALLBACK_KEY: secrets.callbackKey },
            log: () => {},
          }),
        }),
  });
  const app = createApiApp(backend, { identity: devIdentity() });
  const { promise, resolve } = Promise.withResolvers<string>();
  const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info) =>
    resolve(`http://127.0.0.1:${info.port}`),
  );
  backend.publicUrl = await promise;
  closers.push(async () => {
    backend.executions.close();
    backend.scheduler.close();
    await new Promise((done) => server.close(done));
  });
  const start = async (input: object) => {
    const started = await call(app, "POST", `/v1/flows/${template.id}/instances`, {
      user: "rita",
      json: { input },
    });
    return (started.json as { instanceId: string }).instanceId;
  };
  const read = (instanceId: string) =>
    call(app, "GET", `/v1/instances/${instanceId}`, { user: "rita" });
  const ended = (instanceId: string) =>
    eventually(
      () => read(instanceId),
      (answer) => (answer.json as { status: string }).status !== "running",
      4000,
    );
  return { backend, start, read, ended };
}

const history = (answer: Answer) => (answer.json as { history: HistoryEntry[] }).history;

const landing = "https://www.bilibili.com/blackboard/bw2024.html";

describe("user plugins on the embedded engine", () => {
  it("runs a Node and a Python plugin declared in callback mode, each reporting through its SDK", async () => {
    const engine = await servedEngine(
      flow(
        [
          task("provision", { plugin: "cache.provision", mode: "callback", timeout: "PT1H" }),
          task("scan", { plugin: "link.safety-scan", mode: "callback", timeout: "PT1H" }),
        ],
        ["start>provision", "provision>scan", "scan>end"],
      ),
      "declared",
    );

    const id = await engine.start({ cluster: "payment", memoryGb: 100, landingUrl: landing });
    const ended = await engine.ended(id);

    expect(ended.json).toMatchObject({
      status: "completed",
      nodes: {
        provision: {
          status: "succeeded",
          output: {
            cacheId: expect.stringMatching(/^rc-[0-9a-f]{8}$/),
            endpoint: expect.stringMatching(/^rc-[0-9a-f]{8}\.payment\.cache\.internal:6379$/),
            shards: 4,
            memoryGb: 100,
          },
        },
        scan: { status: "succeeded", output: { verdict: "safe", host: "www.bilibili.com" } },
      },
    });
    const completions = history(ended).filter((entry) => entry.type === "node.completed");
    const callbacks = history(ended)
      .filter((entry) => entry.type === "task.requested")
      .map((entry) => `callback:${entry.detail.callbackId}`);
    expect(completions.map((entry) => entry.actor)).toEqual(callbacks);
  });

  it("fails a callback task the Python plugin reports failed, with the reasons it gave", async () => {
    const engine = await servedEngine(
      flow(
        [task("scan", { plugin: "link.safety-scan", mode: "callback", timeout: "PT1H" })],
        ["start>scan", "scan>end"],
      ),
    );

    const id = await engine.start({ landingUrl: "http://bit.ly/bw" });
    const ended = await engine.ended(id);

    expect(ended.json).toMatchObject({
      status: "failed",
      nodes: {
        scan: {
          status: "failed",
          output: {
            error: "unsafe landing page",
            verdict: "unsafe",
            reasons: ["not https", "a link shortener (bit.ly) hides the page"],
          },
        },
      },
    });
  });

  it("fails a sync task whose Python plugin raises PluginFailed, with no retry", async () => {
    const engine = await servedEngine(
      flow(
        [
          task("scan", {
            plugin: "link.safety-scan",
            retry: { attempts: 3, interval: "PT1S" },
          }),
        ],
        ["start>scan", "scan>end"],
      ),
    );

    const id = await engine.start({ landingUrl: "https://10.0.0.7/bw" });
    const ended = await engine.ended(id);

    expect(ended.json).toMatchObject({
      status: "failed",
      nodes: {
        scan: {
          status: "failed",
          output: { verdict: "unsafe", reasons: ["an IP address, not a host name"] },
        },
      },
    });
    expect(history(ended).filter((entry) => entry.type === "task.requested")).toHaveLength(1);
  });

  it("fails the task of a Python handler that raises, with the exception's message", async () => {
    const engine = await servedEngine(
      flow(
        [task("check", { plugin: "fixture.raises" }), task("fallback")],
        [
          "start>check",
          "check>end",
          { from: "check", to: "fallback", on: "failed" },
          "fallback>end",
        ],
        {
          nodes: [
            { id: "start", type: "start" },
            task("check", { plugin: "fixture.raises" }),
            task("fallback"),
            { id: "end", type: "end", join: "any" },
          ],
        },
      ),
    );

    const id = await engine.start({});
    const ended = await engine.ended(id);

    const nodes = (
      ended.json as { nodes: Record<string, { status: string; output?: { error?: string } }> }
    ).nodes;
    expect(nodes.check?.status).toBe("failed");
    expect(nodes.check?.output?.error).toContain("ValueError: scanner offline for check");
    expect(nodes.fallback?.status).toBe("succeeded");
  });

  it("refuses a callback report signed with another key (401), from either SDK, and takes the right one", async () => {
    const engine = await servedEngine(
      flow(
        [task("build", { plugin: "external.ci", mode: "callback", timeout: "PT1H" })],
        ["start>build", "build>end"],
      ),
    );
    const id = await engine.start({});
    const requested = await eventually(
      () => engine.read(id),
      (answer) => history(answer).some((entry) => entry.type === "task.requested"),
    );
    const callbackId = String(
      history(requested).find((entry) => entry.type === "task.requested")?.detail.callbackId,
    );
    const callback = {
      id: callbackId,
      url: `${engine.backend.publicUrl}/v1/callbacks/${callbackId}`,
    };
    const forgedKey = randomSecrets().callbackKey;
    const reportFromPython = (key: string, report: string) =>
      runPython(
        [
          "import json, sys",
          "from baton_sdk import CallbackClient, CallbackReportError",
          "callback = json.load(sys.stdin)",
          "client = CallbackClient(callback['id'], callback['url'])",
          "try:",
          `    print(json.dumps(client.${report}))`,
          "except CallbackReportError as refused:",
          "    print(refused.status, refused.code)",
        ].join("\n"),
        JSON.stringify(callback),
        { BATON_CALLBACK_KEY: key },
      );

    const fromNode = await new CallbackClient(callback, { key: forgedKey })
      .succeeded({ build: 7 })
      .catch((caught: unknown) => caught);
    const fromPython = await reportFromPython(forgedKey, "succeeded({'build': 7})");
    const meanwhile = await engine.read(id);
    const heartbeat = await reportFromPython(engine.backend.secrets.callbackKey, "heartbeat()");
    const reported = await reportFromPython(
      engine.backend.secrets.callbackKey,
      "succeeded({'build': 7})",
    );
    const ended = await engine.ended(id);

    expect(fromNode).toBeInstanceOf(CallbackReportError);
    expect(fromNode).toMatchObject({ status: 401, code: "unauthenticated" });
    expect(fromPython.trim()).toBe("401 unauthenticated");
    expect(meanwhile.json).toMatchObject({
      status: "running",
      nodes: { build: { status: "active" } },
    });
    expect(JSON.parse(heartbeat)).toEqual({ callbackId, status: "waiting" });
    expect(JSON.parse(reported)).toEqual({ callbackId, status: "succeeded" });
    expect(ended.json).toMatchObject({
      status: "completed",
      nodes: { build: { status: "succeeded", output: { build: 7 } } },
    });
  });
});
