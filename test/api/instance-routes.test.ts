import { beforeEach, describe, expect, it } from "vitest";
import { createApiApp } from "../../lambdas/api/create-api-app.ts";
import { devIdentity } from "../../lambdas/api/dev-identity.ts";
import { verifyChain } from "../../lambdas/core/audit/hash-chain.ts";
import type { HistoryEntry } from "../../lambdas/core/records/history-entry.ts";
import { call } from "./support/api-client.ts";
import { type TestBackend, testBackend } from "./support/test-backend.ts";

const input = { requester: "rita", owner: "olga", app: "feed", cluster: "payment", memoryGb: 128 };

describe("reading, listing, cancelling and exporting instances", () => {
  let test: TestBackend;
  let app: ReturnType<typeof createApiApp>;
  beforeEach(async () => {
    test = await testBackend();
    app = createApiApp(test.backend, { identity: devIdentity() });
    await call(app, "POST", "/v1/flows/cache-change/instances", { user: "rita", json: { input } });
    await test.park("I000001", "lead");
  });

  it("GET /v1/instances/{id} answers the instance with its nodes and history", async () => {
    // Act
    const answer = await call(app, "GET", "/v1/instances/I000001", { user: "olga" });

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      instanceId: "I000001",
      templateId: "cache-change",
      templateVersion: 1,
      status: "running",
      input,
      nodes: { lead: { status: "active" }, sre: { status: "idle" } },
    });
    expect(answer.text).not.toContain(test.tokens[0]);
    expect((await call(app, "GET", "/v1/instances/I000009", { user: "olga" })).status).toBe(404);
  });

  it("GET /v1/approvals lists the caller's own to-do (with links), done and started views", async () => {
    // Act
    const todo = await call(app, "GET", "/v1/approvals?assignee=olga&status=pending", {
      user: "olga",
    });
    const started = await call(app, "GET", "/v1/approvals?view=started", { user: "rita" });
    const someoneElse = await call(app, "GET", "/v1/approvals?assignee=olga", { user: "rita" });
    const both = await call(app, "GET", "/v1/approvals?status=done&view=cc", { user: "rita" });
    const unknown = await call(app, "GET", "/v1/approvals?sort=asc", { user: "rita" });

    // Assess
    expect(todo.json).toEqual({
      items: [
        {
          approvalId: "I000001.lead.1",
          instanceId: "I000001",
          nodeId: "lead",
          templateId: "cache-change",
          createdAt: "2026-12-02T10:00:00.000Z",
          link: expect.stringMatching(/^https:\/\/baton\.test\/a\/[\w-]+\.[\w-]+$/),
        },
      ],
    });
    expect(started.json).toMatchObject({ items: [{ instanceId: "I000001" }] });
    expect(someoneElse.status).toBe(403);
    expect(both.status).toBe(400);
    expect(unknown.json).toEqual({
      error: { code: "invalid", message: "unknown fields: query.sort", details: ["query.sort"] },
    });
  });

  it("GET /v1/instances/{id}/audit exports a history that verifies offline", async () => {
    // Act
    const answer = await call(app, "GET", "/v1/instances/I000001/audit", { user: "rita" });

    // Assess
    const { instanceId, history } = answer.json as { instanceId: string; history: HistoryEntry[] };
    expect(instanceId).toBe("I000001");
    expect(history.map((entry) => entry.type)).toEqual([
      "flow.started",
      "node.activated",
      "approval.requested",
    ]);
    expect(verifyChain(history)).toEqual({ ok: true, entries: 3 });
    const tampered = history.map((entry) =>
      entry.seq === 1 ? { ...entry, actor: "mallory" } : entry,
    );
    expect(verifyChain(tampered).ok).toBe(false);
  });

  it("POST /v1/instances/{id}/cancel: only the starter, once", async () => {
    // Act
    const stranger = await call(app, "POST", "/v1/instances/I000001/cancel", { user: "olga" });
    const starter = await call(app, "POST", "/v1/instances/I000001/cancel", { user: "rita" });
    const again = await call(app, "POST", "/v1/instances/I000001/cancel", { user: "rita" });

    // Assess
    expect(stranger.status).toBe(403);
    expect(starter.status).toBe(200);
    expect(starter.json).toMatchObject({ instanceId: "I000001", status: "cancelled" });
    expect(again.status).toBe(409);
    expect(test.stopped).toEqual(["execution:I000001"]);
  });

  it("answers 401 to every signed-in route without an identity", async () => {
    // Act
    const answers = await Promise.all([
      call(app, "GET", "/v1/instances/I000001"),
      call(app, "GET", "/v1/instances/I000001/audit"),
      call(app, "GET", "/v1/approvals"),
      call(app, "POST", "/v1/instances/I000001/cancel"),
      call(app, "POST", "/v1/approvals/I000001.lead.1/decision", { json: { action: "approve" } }),
    ]);

    // Assess
    expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 401, 401]);
  });
});
