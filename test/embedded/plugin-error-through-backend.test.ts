import { describe, expect, it } from "vitest";
import { readInstance } from "../../lambdas/core/operations/read-instance.ts";
import { startInstance } from "../../lambdas/core/operations/start-instance.ts";
import { createEmbeddedBackend } from "../../lambdas/embedded/create-embedded-backend.ts";
import { DirectoryTemplateCatalog } from "../../lambdas/embedded/directory-template-catalog.ts";
import { eventually } from "../support/eventually.ts";
import { flow, task } from "../support/template-builder.ts";

describe("a plugin that keeps throwing an ordinary error", () => {
  it("fails its node with the error's message and ends the instance failed, naming the node, with no file path anywhere", async () => {
    const catalog = new DirectoryTemplateCatalog("definitions");
    catalog.add(
      flow([task("scan", { plugin: "scanner" })], ["start>scan", "scan>end"], { id: "scan-only" }),
    );
    const backend = createEmbeddedBackend({
      templates: catalog,
      plugins: {
        scanner: async () => {
          throw new Error("scanner unreachable");
        },
      },
    });
    const { instanceId } = await startInstance(backend, {
      tenant: "default",
      templateId: "scan-only",
      input: {},
      starter: "sam",
    });
    const view = await eventually(
      () => readInstance(backend, "default", instanceId),
      (read) => read.status !== "running",
    );
    backend.executions.close();
    expect(view.status).toBe("failed");
    expect(view.nodes.scan?.status).toBe("failed");
    expect(JSON.stringify(view.nodes.scan?.output)).toContain("scanner unreachable");
    expect(view.reason).toContain("scan");
    expect(view.reason).toContain("scanner unreachable");
    expect(JSON.stringify(view)).not.toMatch(/\.ts:\d+|node_modules|\/work\//);
  });
  it("is retried under the task's retry policy, and a later attempt that succeeds completes the node with no failure recorded", async () => {
    const catalog = new DirectoryTemplateCatalog("definitions");
    catalog.add(
      flow(
        [task("scan", { plugin: "scanner", retry: { attempts: 2, interval: "PT1S" } })],
        ["start>scan", "scan>end"],
        { id: "scan-twice" },
      ),
    );
    let calls = 0;
    const backend = createEmbeddedBackend({
      templates: catalog,
      plugins: {
        scanner: async () => {
          calls += 1;
          if (calls === 1) throw new Error("scanner busy");
          return { clean: true };
        },
      },
    });
    const { instanceId } = await startInstance(backend, {
      tenant: "default",
      templateId: "scan-twice",
      input: {},
      starter: "sam",
    });
    const view = await eventually(
      () => readInstance(backend, "default", instanceId),
      (read) => read.status !== "running",
      1000,
    );
    backend.executions.close();
    expect(calls).toBe(2);
    expect(view.status).toBe("completed");
    expect(view.nodes.scan).toMatchObject({ status: "succeeded", output: { clean: true } });
    const outcomes = view.history.flatMap((entry) =>
      entry.type === "node.completed" ? [entry.detail.outcome] : [],
    );
    expect(outcomes).toEqual(["succeeded"]);
  });
});
