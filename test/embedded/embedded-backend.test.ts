import { beforeAll, describe, expect, it } from "vitest";
import { verifyChain } from "../../lambdas/core/audit/hash-chain.ts";
import { actOnApproval } from "../../lambdas/core/operations/act-on-approval.ts";
import { cancelInstance } from "../../lambdas/core/operations/cancel-instance.ts";
import { listInbox } from "../../lambdas/core/operations/list-inbox.ts";
import { readInstance } from "../../lambdas/core/operations/read-instance.ts";
import { reportCallback } from "../../lambdas/core/operations/report-callback.ts";
import { startInstance } from "../../lambdas/core/operations/start-instance.ts";
import {
  createEmbeddedBackend,
  type EmbeddedBackend,
} from "../../lambdas/embedded/create-embedded-backend.ts";
import { DirectoryTemplateCatalog } from "../../lambdas/embedded/directory-template-catalog.ts";
import { eventually } from "../support/eventually.ts";
import { refusalOf } from "../support/refusal-of.ts";
import { approval, flow } from "../support/template-builder.ts";

const TENANT = "default";
const input = { requester: "rita", owner: "olga", app: "feed", cluster: "payment", memoryGb: 128 };

describe("the embedded backend runs compiled templates behind the operations", () => {
  let backend: EmbeddedBackend;
  beforeAll(async () => {
    const catalog = new DirectoryTemplateCatalog("definitions");
    expect(await catalog.load()).toEqual([]);
    catalog.add(
      flow(
        [
          approval("legal", ["lena"]),
          approval("finance", ["fei"]),
          { id: "either", type: "gateway", join: "any" },
          approval("ceo", ["cleo"]),
        ],
        ["start>legal", "start>finance", "legal>either", "finance>either", "either>ceo", "ceo>end"],
        { id: "race" },
      ),
    );
    backend = createEmbeddedBackend({ templates: catalog });
  });

  const pendingFor = (user: string) =>
    eventually(
      () => listInbox(backend, TENANT, user, "todo"),
      (page) => page.items.length > 0,
    );

  it("takes cache-change from start to completed: two approvals, a callback, inbox and audit in step", async () => {
    const { instanceId, status } = await startInstance(backend, {
      tenant: TENANT,
      templateId: "cache-change",
      input,
      starter: "rita",
    });
    expect(status).toBe("running");
    const lead = (await pendingFor("olga")).items[0];
    expect(lead?.link).toMatch(/^http:\/\/127\.0\.0\.1:3000\/a\//);
    await actOnApproval(backend, TENANT, lead?.approvalId as string, "olga", {
      action: "approve",
      comment: "fine",
    });
    const sre = (await pendingFor("sre-sam")).items[0];
    await actOnApproval(backend, TENANT, sre?.approvalId as string, "sre-sam", {
      action: "approve",
    });
    const requested = await eventually(
      async () =>
        backend.bus.recent.find(
          (event) => event.instanceId === instanceId && event.type === "task.requested",
        ),
      (event) => event !== undefined,
    );
    const callbackId = requested?.detail.callbackId as string;
    for (let i = 0; i < 5; i += 1) {
      expect(
        await reportCallback(backend, TENANT, callbackId, {
          status: "succeeded",
          output: { endpoint: "cache-1" },
        }),
      ).toEqual({ callbackId, status: "succeeded" });
    }
    const view = await eventually(
      () => readInstance(backend, TENANT, instanceId),
      (read) => read.status !== "running",
    );
    expect(view.status).toBe("completed");
    expect(view.nodes).toEqual({
      lead: { status: "approved", output: { decidedBy: ["olga"], comment: "fine" } },
      sre: { status: "approved", output: { decidedBy: ["sre-sam"] } },
      provision: { status: "succeeded", output: { endpoint: "cache-1" } },
      manual: { status: "idle" },
    });
    expect(verifyChain(view.history)).toEqual({ ok: true, entries: view.history.length });
    // `manual` follows only provision's failure or timeout: once provision succeeded it is
    // skipped, which no handler sees; the backend learns it by replaying the outcomes.
    expect(
      view.history.filter((entry) => entry.type === "node.skipped").map((entry) => entry.nodeId),
    ).toEqual(["manual"]);
    expect(
      backend.bus.recent.some(
        (event) => event.type === "node.skipped" && event.instanceId === instanceId,
      ),
    ).toBe(true);
    expect(
      view.history.filter(
        (entry) => entry.type === "node.completed" && entry.nodeId === "provision",
      ),
    ).toHaveLength(1);
    expect((await listInbox(backend, TENANT, "olga", "todo")).items).toEqual([]);
    expect(
      (await listInbox(backend, TENANT, "olga", "done")).items.map((row) => row.instanceId),
    ).toContain(instanceId);
    expect(
      (await listInbox(backend, TENANT, "rita", "started")).items.map((row) => row.instanceId),
    ).toContain(instanceId);
  });

  it("ends rejected on a rejection, and answers a second decision with the recorded one", async () => {
    const { instanceId } = await startInstance(backend, {
      tenant: TENANT,
      templateId: "cache-change",
      input: { ...input, owner: "oscar" },
      starter: "rita",
    });
    const lead = (await pendingFor("oscar")).items[0]?.approvalId as string;
    const decided = await actOnApproval(backend, TENANT, lead, "oscar", {
      action: "reject",
      comment: "no budget",
    });
    expect(decided.status).toBe("rejected");
    const again = await refusalOf(
      actOnApproval(backend, TENANT, lead, "oscar", { action: "approve" }),
    );
    expect(again.code).toBe("conflict");
    expect(again.details).toMatchObject({ status: "rejected" });
    const view = await eventually(
      () => readInstance(backend, TENANT, instanceId),
      (read) => read.status !== "running",
    );
    expect(view.status).toBe("rejected");
  });

  it("lets only the starter cancel, and then withdraws the pending approval", async () => {
    const { instanceId } = await startInstance(backend, {
      tenant: TENANT,
      templateId: "cache-change",
      input: { ...input, owner: "omar" },
      starter: "rita",
    });
    const lead = (await pendingFor("omar")).items[0]?.approvalId as string;
    expect((await refusalOf(cancelInstance(backend, TENANT, instanceId, "omar"))).code).toBe(
      "forbidden",
    );
    await cancelInstance(backend, TENANT, instanceId, "rita");
    expect((await readInstance(backend, TENANT, instanceId)).status).toBe("cancelled");
    expect(
      (await refusalOf(actOnApproval(backend, TENANT, lead, "omar", { action: "approve" }))).code,
    ).toBe("gone");
    expect((await listInbox(backend, TENANT, "omar", "todo")).items).toEqual([]);
  });

  it("refuses a bad start input with every schema error and writes nothing", async () => {
    const before = backend.bus.recent.length;
    const refused = await refusalOf(
      startInstance(backend, {
        tenant: TENANT,
        templateId: "cache-change",
        input: { owner: 7 },
        starter: "rita",
      }),
    );
    expect(refused.code).toBe("invalid");
    expect((refused.details as string[]).length).toBeGreaterThan(1);
    expect(backend.bus.recent.length).toBe(before);
  });

  it("starts one instance and one execution for a retried idempotency key", async () => {
    const request = {
      tenant: TENANT,
      templateId: "cache-change",
      input: { ...input, owner: "ida" },
      starter: "rita",
      idempotencyKey: "order-42",
    };
    const results = await Promise.all([
      startInstance(backend, request),
      startInstance(backend, request),
      startInstance(backend, request),
    ]);
    expect(new Set(results.map((result) => result.instanceId)).size).toBe(1);
    expect(results.filter((result) => result.created)).toHaveLength(1);
    const started = backend.bus.recent.filter(
      (event) => event.type === "flow.started" && event.instanceId === results[0]?.instanceId,
    );
    expect(started).toHaveLength(1);
  });

  it("runs one execution for starts of the same name that overlap while its machine compiles", async () => {
    const catalog = new DirectoryTemplateCatalog("definitions");
    catalog.add(flow([approval("lead", ["al"])], ["start>lead", "lead>end"], { id: "overlap" }));
    const fresh = createEmbeddedBackend({ templates: catalog });
    const execution = { instance: { tenant: TENANT, id: "i-overlap" }, input: {}, nodes: {} };
    const ids = await Promise.all([
      fresh.executions.start("overlap", 1, "i-overlap", execution),
      fresh.executions.start("overlap", 1, "i-overlap", execution),
    ]);
    expect(new Set(ids).size).toBe(1);
    const tokens = fresh.tasks as unknown as { issuedCount: number };
    await eventually(
      async () => tokens.issuedCount,
      (issued) => issued > 0,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(tokens.issuedCount).toBe(1);
    fresh.executions.close();
  });

  it("withdraws the loser of a join-any race: its to-do row goes and a late decision is gone", async () => {
    const { instanceId } = await startInstance(backend, {
      tenant: TENANT,
      templateId: "race",
      input: {},
      starter: "rita",
    });
    const legal = (await pendingFor("lena")).items[0]?.approvalId as string;
    const finance = (await pendingFor("fei")).items[0]?.approvalId as string;
    await actOnApproval(backend, TENANT, legal, "lena", { action: "approve" });
    await pendingFor("cleo");
    const view = await readInstance(backend, TENANT, instanceId);
    expect(view.status).toBe("running");
    expect(view.nodes).toMatchObject({
      legal: { status: "approved" },
      finance: { status: "cancelled" },
      ceo: { status: "active" },
    });
    expect((await listInbox(backend, TENANT, "fei", "todo")).items).toEqual([]);
    expect(
      (await listInbox(backend, TENANT, "fei", "done")).items.map((row) => row.approvalId),
    ).toEqual([finance]);
    expect(
      (await refusalOf(actOnApproval(backend, TENANT, finance, "fei", { action: "approve" }))).code,
    ).toBe("gone");
  });
});
