import { describe, expect, it } from "vitest";
import { actOnApproval } from "../../lambdas/core/operations/act-on-approval.ts";
import { copyToCc } from "../../lambdas/core/operations/copy-to-cc.ts";
import { listInbox } from "../../lambdas/core/operations/list-inbox.ts";
import { openApproval } from "../../lambdas/core/operations/open-approval.ts";
import { readInstance } from "../../lambdas/core/operations/read-instance.ts";
import { reconcileExecution } from "../../lambdas/core/operations/reconcile-execution.ts";
import { startInstance } from "../../lambdas/core/operations/start-instance.ts";
import { recordingBackend } from "../support/memory-backend.ts";
import { approval, flow } from "../support/template-builder.ts";

const TENANT = "default";

describe("CC (抄送)", () => {
  it("copies a completed node to its cc and an ended instance to the template's cc, with read receipts", async () => {
    const template = flow(
      [approval("lead", ["al"], { cc: { role: "finance" } }), approval("audit", ["bo"])],
      ["start>lead", "lead>audit", "audit>end"],
      { id: "copied", cc: { path: "input.watcher" } },
    );
    const backend = await recordingBackend([template], { finance: ["fay", "fred"] });
    const { instanceId } = await startInstance(backend, {
      tenant: TENANT,
      templateId: "copied",
      input: { watcher: "wu" },
      starter: "sam",
    });
    const instance = { tenant: TENANT, id: instanceId };
    await openApproval(backend, { token: "t-lead", instance, node: "lead" });
    const cc = async (user: string) => (await listInbox(backend, TENANT, user, "cc")).items;
    expect(await cc("fay")).toEqual([]);

    await actOnApproval(backend, TENANT, `${instanceId}.lead.1`, "al", { action: "approve" });
    expect(await cc("fay")).toMatchObject([{ instanceId, nodeId: "lead" }]);
    expect(await cc("fred")).toMatchObject([{ instanceId, nodeId: "lead" }]);
    expect(await cc("wu")).toEqual([]);

    await readInstance(backend, TENANT, instanceId, "fay");
    expect((await cc("fay"))[0]?.readAt).toBe(backend.clock.now().toISOString());
    expect((await cc("fred"))[0]?.readAt).toBeUndefined();

    await backend.stores.executionFacts.recordEnd(TENANT, instanceId, "rejected");
    await reconcileExecution(backend, { tenant: TENANT, instanceId, status: "SUCCEEDED" });
    expect(await cc("wu")).toEqual([
      { createdAt: expect.any(String), instanceId, templateId: "copied" },
    ]);
    expect(await cc("al")).toEqual([]);
  });

  it("keeps a read copy as it is, read receipt included, when the node is copied again", async () => {
    const template = flow(
      [approval("lead", ["al"], { cc: { users: ["fay", "fred"] } })],
      ["start>lead", "lead>end"],
      { id: "copied" },
    );
    const backend = await recordingBackend([template]);
    const { instanceId } = await startInstance(backend, {
      tenant: TENANT,
      templateId: "copied",
      input: {},
      starter: "sam",
    });
    await openApproval(backend, {
      token: "t-lead",
      instance: { tenant: TENANT, id: instanceId },
      node: "lead",
    });
    await actOnApproval(backend, TENANT, `${instanceId}.lead.1`, "al", { action: "approve" });
    const cc = async (user: string) => (await listInbox(backend, TENANT, user, "cc")).items;
    await readInstance(backend, TENANT, instanceId, "fay");
    const read = await cc("fay");
    expect(read).toMatchObject([{ nodeId: "lead", readAt: backend.clock.now().toISOString() }]);
    const unread = await cc("fred");
    const record = await backend.stores.instances.get(TENANT, instanceId);
    const completed = (await backend.stores.history.list(TENANT, instanceId)).find(
      (entry) => entry.type === "node.completed" && entry.nodeId === "lead",
    );
    if (!record || !completed) throw new Error("the lead's completion was not recorded");
    backend.advance(60_000);

    await copyToCc(backend, record, template, completed);
    await copyToCc(backend, record, template, completed);

    expect(await cc("fay")).toEqual(read);
    expect(await cc("fred")).toEqual(unread);
  });
});
