import { describe, expect, it } from "vitest";
import { memoryFlowStores } from "../../lambdas/adapters/memory/memory-flow-stores.ts";
import { OperationRefusedError } from "../../lambdas/core/contract/operation-refused-error.ts";
import { actOnApproval } from "../../lambdas/core/operations/act-on-approval.ts";
import { readInstance } from "../../lambdas/core/operations/read-instance.ts";
import { reportCallback } from "../../lambdas/core/operations/report-callback.ts";
import { startInstance } from "../../lambdas/core/operations/start-instance.ts";
import { createEmbeddedBackend } from "../../lambdas/embedded/create-embedded-backend.ts";
import { DirectoryTemplateCatalog } from "../../lambdas/embedded/directory-template-catalog.ts";
import { eventually } from "../support/eventually.ts";
import { InjectedFault } from "../support/inject-fault.ts";
import { approval, flow, task } from "../support/template-builder.ts";

const TENANT = "default";

describe("a parked Task whose handler failed", () => {
  it("takes no result afterwards: a decision on the approval it stored before failing is refused gone, and the node does not complete approved", async () => {
    const catalog = new DirectoryTemplateCatalog("definitions");
    catalog.add(
      flow(
        [approval("lead", ["al"]), approval("fallback", ["fay"])],
        ["start>lead", "lead>end", { from: "lead", to: "fallback", on: "failed" }, "fallback>end"],
        { id: "lead-or-fallback" },
      ),
    );
    // The first to-do row written fails, as a DynamoDB write can: an emulator cannot be made
    // to fail it on demand, so the fault is injected at the port. The approval record of
    // `lead` is stored by then, with the token of the Task that then fails.
    const stores = memoryFlowStores();
    const put = stores.inbox.put.bind(stores.inbox);
    let failed = false;
    stores.inbox.put = async (item) => {
      if (item.view === "todo" && !failed) {
        failed = true;
        throw new InjectedFault("the to-do row was not written");
      }
      return put(item);
    };
    const backend = createEmbeddedBackend({ templates: catalog, stores });
    const { instanceId } = await startInstance(backend, {
      tenant: TENANT,
      templateId: "lead-or-fallback",
      input: {},
      starter: "sam",
    });
    await eventually(
      () => backend.stores.approvals.get(TENANT, instanceId, "fallback", 1),
      (record) => record?.status === "pending",
    );
    const decision = await actOnApproval(backend, TENANT, `${instanceId}.lead.1`, "al", {
      action: "approve",
    }).catch((error: unknown) => error);
    const view = await readInstance(backend, TENANT, instanceId);
    backend.executions.close();
    expect(decision).toBeInstanceOf(OperationRefusedError);
    expect((decision as OperationRefusedError).code).toBe("gone");
    expect((await backend.stores.approvals.get(TENANT, instanceId, "lead", 1))?.status).toBe(
      "withdrawn",
    );
    expect(
      view.history.filter((entry) => entry.type === "node.completed" && entry.nodeId === "lead"),
    ).not.toContainEqual(
      expect.objectContaining({ detail: expect.objectContaining({ outcome: "approved" }) }),
    );
    expect(view.status).toBe("running");
  });
  it("takes no report afterwards: a callback whose plugin call failed after the callback id was handed out is refused gone, and the node completes once, failed", async () => {
    const catalog = new DirectoryTemplateCatalog("definitions");
    catalog.add(
      flow(
        [task("build", { plugin: "ci.build", mode: "callback" }), approval("fix", ["fay"])],
        ["start>build", "build>end", { from: "build", to: "fix", on: "failed" }, "fix>end"],
        { id: "build-or-fix" },
      ),
    );
    const backend = createEmbeddedBackend({
      templates: catalog,
      plugins: {
        "ci.build": async () => {
          throw new Error("the build system did not answer");
        },
      },
    });
    const { instanceId } = await startInstance(backend, {
      tenant: TENANT,
      templateId: "build-or-fix",
      input: {},
      starter: "sam",
    });
    await eventually(
      () => backend.stores.approvals.get(TENANT, instanceId, "fix", 1),
      (record) => record?.status === "pending",
    );
    const requested = (await backend.stores.history.list(TENANT, instanceId)).find(
      (entry) => entry.type === "task.requested",
    );
    const callbackId = String(requested?.detail.callbackId);
    const report = await reportCallback(backend, TENANT, callbackId, {
      status: "succeeded",
      output: { image: "late" },
    }).catch((error: unknown) => error);
    const view = await readInstance(backend, TENANT, instanceId);
    backend.executions.close();
    expect(report).toBeInstanceOf(OperationRefusedError);
    expect((report as OperationRefusedError).code).toBe("gone");
    expect(
      view.history.flatMap((entry) =>
        entry.type === "node.completed" && entry.nodeId === "build" ? [entry.detail.outcome] : [],
      ),
    ).toEqual(["failed"]);
  });
});
