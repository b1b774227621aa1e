import { describe, expect, it } from "vitest";
import { verifyChain } from "../../lambdas/core/audit/hash-chain.ts";
import { callPlugin, TaskFailedError } from "../../lambdas/core/operations/call-plugin.ts";
import { cancelInstance } from "../../lambdas/core/operations/cancel-instance.ts";
import { listInbox } from "../../lambdas/core/operations/list-inbox.ts";
import { readInstance } from "../../lambdas/core/operations/read-instance.ts";
import { reconcileExecution } from "../../lambdas/core/operations/reconcile-execution.ts";
import { reportCallback } from "../../lambdas/core/operations/report-callback.ts";
import { startInstance } from "../../lambdas/core/operations/start-instance.ts";
import { InProcessPlugins } from "../../lambdas/embedded/in-process-plugins.ts";
import { recordingBackend } from "../support/memory-backend.ts";
import { parkCallback } from "../support/park-callback.ts";
import { refusalOf } from "../support/refusal-of.ts";
import { startedInstance, startedWithApproval } from "../support/started-instance.ts";
import { approval, flow, task } from "../support/template-builder.ts";

const TENANT = "default";
const template = flow(
  [approval("lead", ["al"]), task("build", { mode: "callback" }), task("notify", { mode: "fire" })],
  ["start>lead", "lead>build", "build>notify", "notify>end"],
  { id: "release" },
);

describe("instance operations", () => {
  it("refuses an input over 64 KiB as too large, and one that breaks the schema with its errors, writing nothing", async () => {
    const backend = await recordingBackend();
    const huge = {
      requester: "r",
      owner: "o",
      app: "a",
      cluster: "general",
      memoryGb: 1,
      reason: "x".repeat(70_000),
    };
    expect(
      (
        await refusalOf(
          startInstance(backend, {
            tenant: TENANT,
            templateId: "cache-change",
            input: huge,
            starter: "r",
          }),
        )
      ).code,
    ).toBe("too-large");
    const invalid = await refusalOf(
      startInstance(backend, {
        tenant: TENANT,
        templateId: "cache-change",
        input: { memoryGb: "big" },
        starter: "r",
      }),
    );
    expect(invalid.code).toBe("invalid");
    expect(invalid.details).toEqual(expect.arrayContaining(["input.memoryGb must be number"]));
    expect(
      (
        await refusalOf(
          startInstance(backend, {
            tenant: "bad#tenant",
            templateId: "cache-change",
            input: {},
            starter: "r",
          }),
        )
      ).code,
    ).toBe("invalid");
    expect(
      (
        await refusalOf(
          startInstance(backend, { tenant: TENANT, templateId: "nope", input: {}, starter: "r" }),
        )
      ).code,
    ).toBe("not-found");
    expect(backend.events).toEqual([]);
    expect(backend.started).toEqual([]);
  });

  it("maps a callback id to the token, settles once however often the report is delivered, and refuses a closed one", async () => {
    const { backend, instance } = await startedInstance(template);
    const callbackId = await parkCallback(backend, instance, "t-build");
    expect(JSON.stringify(backend.events)).not.toContain("t-build");
    await reportCallback(backend, TENANT, callbackId, { status: "heartbeat" });
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        reportCallback(backend, TENANT, callbackId, {
          status: "succeeded",
          output: { artifact: "v1" },
        }),
      ),
    );
    expect(answers).toEqual(Array.from({ length: 5 }, () => ({ callbackId, status: "succeeded" })));
    expect(backend.sent).toEqual([
      { kind: "heartbeat", token: "t-build" },
      {
        kind: "success",
        token: "t-build",
        output: { outcome: "succeeded", output: { artifact: "v1" } },
      },
    ]);
    expect(
      (await refusalOf(reportCallback(backend, TENANT, "unknown", { status: "succeeded" }))).code,
    ).toBe("not-found");
  });

  it("resumes a report whose first delivery broke off after recording it, when it is delivered again", async () => {
    const { backend, instance } = await startedInstance(template);
    const callbackId = await parkCallback(backend, instance, "t-build");
    const succeed = backend.tasks.succeed;
    backend.tasks.succeed = async () => {
      throw new Error("ThrottlingException");
    };
    await expect(
      reportCallback(backend, TENANT, callbackId, { status: "succeeded", output: { v: 1 } }),
    ).rejects.toThrow("Throttling");
    backend.tasks.succeed = succeed;
    await reportCallback(backend, TENANT, callbackId, { status: "succeeded", output: { v: 1 } });
    expect(backend.sent).toEqual([]);
    backend.advance(31_000);

    await reportCallback(backend, TENANT, callbackId, { status: "succeeded", output: { v: 1 } });
    await reportCallback(backend, TENANT, callbackId, { status: "succeeded", output: { v: 1 } });

    expect(backend.sent).toEqual([
      { kind: "success", token: "t-build", output: { outcome: "succeeded", output: { v: 1 } } },
    ]);
  });

  it("tells a plugin reporting on a state that timed out that its callback is gone", async () => {
    const { backend, instance } = await startedInstance(template);
    const callbackId = await parkCallback(backend, instance, "t-late");
    backend.goneTokens.set("t-late", "TaskTimedOut");
    expect(
      (await refusalOf(reportCallback(backend, TENANT, callbackId, { status: "succeeded" }))).code,
    ).toBe("gone");
    expect(
      (await refusalOf(reportCallback(backend, TENANT, callbackId, { status: "succeeded" }))).code,
    ).toBe("gone");
  });

  it("keeps a large sync output in the history and out of the state, and fails one too large to keep", async () => {
    const { backend, instance } = await startedInstance(template);
    const big = { rows: "x".repeat(20_000) };
    const huge = { rows: "x".repeat(300_000) };
    backend.plugins = new InProcessPlugins({
      "ci.big": async () => big,
      "ci.huge": async () => huge,
    });

    const kept = await callPlugin(backend, {
      plugin: "ci.big",
      node: "build",
      instance,
      input: {},
      nodes: {},
    });
    const failed = await callPlugin(backend, {
      plugin: "ci.huge",
      node: "notify",
      instance,
      input: {},
      nodes: {},
    }).catch((error: unknown) => error);

    expect(kept).toEqual({ stored: "history", bytes: JSON.stringify(big).length });
    const { history } = await readInstance(backend, TENANT, instance.id);
    expect(
      history.find((entry) => entry.nodeId === "build" && entry.type === "node.completed")?.detail,
    ).toEqual({ outcome: "succeeded", output: big });
    expect(failed).toBeInstanceOf(TaskFailedError);
    expect(JSON.parse((failed as Error).message).error).toMatch(/300\d{3} bytes; at most 262144/);
  });

  it("starts the execution on a retry of a start that broke off before starting it", async () => {
    const backend = await recordingBackend([template]);
    const start = backend.executions.start;
    let broken = true;
    backend.executions.start = async (...args) => {
      if (broken) {
        broken = false;
        throw new Error("StartExecution throttled");
      }
      return start(...args);
    };
    const request = { tenant: TENANT, templateId: "release", input: {}, starter: "sam" };
    const keyed = { ...request, idempotencyKey: "order-42" };
    await expect(startInstance(backend, keyed)).rejects.toThrow("throttled");
    const retried = await startInstance(backend, keyed);
    expect(retried).toMatchObject({ status: "running", created: false });
    expect(backend.started).toEqual([{ name: retried.instanceId, templateId: "release" }]);
    const record = await backend.stores.instances.get(TENANT, retried.instanceId);
    expect(record?.executionId).toBe(`execution:${retried.instanceId}`);
    expect(await startInstance(backend, keyed)).toEqual(retried);
    expect(backend.started).toHaveLength(1);
  });

  it("stops the execution of an instance cancelled before its execution id was recorded, once", async () => {
    for (const cancelWhile of ["starting", "after"] as const) {
      const backend = await recordingBackend([template]);
      const start = backend.executions.start;
      backend.executions.start = async (templateId, version, name, input) => {
        const executionId = await start(templateId, version, name, input);
        if (cancelWhile === "starting") await cancelInstance(backend, TENANT, name, "sam");
        return executionId;
      };
      const { instanceId, status } = await startInstance(backend, {
        tenant: TENANT,
        templateId: "release",
        input: {},
        starter: "sam",
      });
      if (cancelWhile === "after") await cancelInstance(backend, TENANT, instanceId, "sam");
      expect(cancelWhile === "starting" ? status : "cancelled").toBe("cancelled");
      expect(backend.stopped).toEqual([`execution:${instanceId}`]);
    }
  });

  it("ends an instance whose execution was stopped from outside as cancelled, closing its approvals", async () => {
    const { backend, instanceId } = await startedWithApproval(template);
    await reconcileExecution(backend, { tenant: TENANT, instanceId, status: "ABORTED" });
    const view = await readInstance(backend, TENANT, instanceId);
    expect(view.status).toBe("cancelled");
    expect(view.nodes.lead).toEqual({ status: "cancelled" });
    expect((await listInbox(backend, TENANT, "al", "todo")).items).toEqual([]);
    await reconcileExecution(backend, {
      tenant: TENANT,
      instanceId,
      status: "FAILED",
      cause: "late",
    });
    expect((await readInstance(backend, TENANT, instanceId)).status).toBe("cancelled");
  });

  it("ends an execution that failed outside Baton's states as failed with the reason", async () => {
    const { backend, instanceId } = await startedInstance(template);
    await reconcileExecution(backend, {
      tenant: TENANT,
      instanceId,
      status: "FAILED",
      cause: "States.DataLimitExceeded: too big",
    });
    const view = await readInstance(backend, TENANT, instanceId);
    expect(view.status).toBe("failed");
    expect(view.reason).toContain("States.DataLimitExceeded");
  });

  it("takes a succeeded execution's status from what the machine recorded, and fire tasks' outcomes from its output", async () => {
    const { backend, instanceId } = await startedInstance(template);
    await backend.stores.executionFacts.recordEnd(TENANT, instanceId, "completed");
    await reconcileExecution(backend, {
      tenant: TENANT,
      instanceId,
      status: "SUCCEEDED",
      output: { nodes: { notify: { outcome: "succeeded", output: {} } } },
    });
    const view = await readInstance(backend, TENANT, instanceId);
    expect(view.status).toBe("completed");
    expect(view.nodes.notify).toEqual({ status: "succeeded", output: {} });
    expect(backend.events.at(-1)).toMatchObject({
      type: "flow.ended",
      detail: { status: "completed" },
    });
  });

  it("ends a succeeded execution that recorded no status as failed, not running forever", async () => {
    const { backend, instanceId } = await startedInstance(template);
    await reconcileExecution(backend, { tenant: TENANT, instanceId, status: "SUCCEEDED" });
    expect((await readInstance(backend, TENANT, instanceId)).status).toBe("failed");
  });

  it("records node.skipped for nodes whose every incoming edge died, when the start or a completion kills them", async () => {
    const routed = flow(
      [approval("small", ["al"]), approval("large", ["bo"])],
      [
        { from: "start", to: "small", when: { "input.amount": { $lt: 100 } } },
        { from: "start", to: "large", default: true },
        "small>end",
        "large>end",
      ],
      {
        id: "routed",
        nodes: [
          { id: "start", type: "start" },
          approval("small", ["al"]),
          approval("large", ["bo"]),
          { id: "end", type: "end", join: "any" },
        ],
      },
    );
    const backend = await recordingBackend([routed]);
    const { instanceId } = await startInstance(backend, {
      tenant: TENANT,
      templateId: "routed",
      input: { amount: 10 },
      starter: "sam",
    });

    const skipped = backend.events.filter((event) => event.type === "node.skipped");
    expect(skipped.map((event) => [event.instanceId, event.nodeId])).toEqual([
      [instanceId, "large"],
    ]);
  });

  it("keeps a history whose exported chain verifies, and fails verification when any entry is edited", async () => {
    const { backend, instanceId } = await startedWithApproval(template);
    await reconcileExecution(backend, { tenant: TENANT, instanceId, status: "ABORTED" });
    const { history } = await readInstance(backend, TENANT, instanceId);
    expect(history.map((entry) => entry.type)).toEqual([
      "flow.started",
      "node.activated",
      "approval.requested",
      "node.cancelled",
      "flow.ended",
    ]);
    expect(verifyChain(history)).toEqual({ ok: true, entries: 5 });
    const edited = structuredClone(history);
    (edited[2] as { actor?: string }).actor = "mallory";
    expect(verifyChain(edited)).toMatchObject({ ok: false, seq: 3 });
    const rehashed = structuredClone(history).filter((_, index) => index !== 1);
    expect(verifyChain(rehashed)).toMatchObject({ ok: false, seq: 3 });
  });
});
