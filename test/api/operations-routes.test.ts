import { DatabaseSync } from "node:sqlite";
import { describe, expect, it } from "vitest";
import { sqliteFlowStores } from "../../lambdas/adapters/sqlite/sqlite-flow-stores.ts";
import type { ApiLogEntry } from "../../lambdas/api/api-log.ts";
import { createApiApp } from "../../lambdas/api/create-api-app.ts";
import { devIdentity } from "../../lambdas/api/dev-identity.ts";
import type { RequestLogEntry } from "../../lambdas/api/request-log.ts";
import { createEmbeddedBackend } from "../../lambdas/embedded/create-embedded-backend.ts";
import { DirectoryTemplateCatalog } from "../../lambdas/embedded/directory-template-catalog.ts";
import { FlowMetrics } from "../../lambdas/embedded/flow-metrics.ts";
import { eventually } from "../support/eventually.ts";
import { call } from "./support/api-client.ts";
import { PANEL_TEMPLATE } from "./support/panel-template.ts";
import { testBackend } from "./support/test-backend.ts";

const input = { requester: "rita", owner: "olga", app: "feed", cluster: "general", memoryGb: 8 };

describe("GET /healthz", () => {
  it("answers 200 ok without sign-in when the store answers", async () => {
    // Prepare
    const app = createApiApp((await testBackend()).backend, { identity: devIdentity() });

    // Act
    const answer = await call(app, "GET", "/healthz");

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ status: "ok", checks: { store: "ok" } });
  });

  it("answers 503 failing when the store cannot be read, and logs the cause instead of answering it", async () => {
    // Prepare: a SQLite store whose database was closed under it
    const database = new DatabaseSync(":memory:");
    const stores = sqliteFlowStores(database);
    const test = await testBackend();
    const logged: ApiLogEntry[] = [];
    const app = createApiApp(
      { ...test.backend, stores },
      { identity: devIdentity(), log: (entry) => logged.push(entry) },
    );
    const before = await call(app, "GET", "/healthz");
    database.close();

    // Act
    const answer = await call(app, "GET", "/healthz");

    // Assess
    expect(before.status).toBe(200);
    expect(answer.status).toBe(503);
    expect(answer.json).toEqual({ status: "failing", checks: { store: "failing" } });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      level: "error",
      message: "health check: the store cannot be read",
      route: "/healthz",
    });
    expect(logged[0]?.error).toMatch(/^Error: ./);
  });
});

describe("GET /metrics", () => {
  it("answers 404 with a JSON error where no metrics source is given, as on AWS", async () => {
    // Prepare
    const app = createApiApp((await testBackend()).backend, { identity: devIdentity() });

    // Act
    const answer = await call(app, "GET", "/metrics");

    // Assess
    expect(answer.status).toBe(404);
    expect((answer.json as { error: { code: string; message: string } }).error).toMatchObject({
      code: "not-found",
      message: expect.stringContaining("CloudWatch"),
    });
  });

  it("serves the embedded engine's figures without sign-in as a flow moves", async () => {
    // Prepare: the embedded engine with the recorder on its bus, as baton dev wires it
    const catalog = new DirectoryTemplateCatalog("definitions");
    await catalog.load();
    const backend = createEmbeddedBackend({ templates: catalog });
    const metrics = new FlowMetrics();
    backend.bus.subscribe((event) => metrics.observe(event));
    const app = createApiApp(backend, { identity: devIdentity(), metrics });
    const started = await call(app, "POST", "/v1/flows/cache-change/instances", {
      user: "rita",
      json: { input },
    });
    const { instanceId } = started.json as { instanceId: string };
    const waiting = await eventually(
      () => call(app, "GET", "/metrics"),
      (answer) => answer.text.includes('baton_pending_approvals{template="cache-change"} 1'),
    );

    // Act: the owner rejects, and the instance ends
    await call(app, "POST", `/v1/approvals/${instanceId}.lead.1/decision`, {
      user: "olga",
      json: { action: "reject" },
    });
    const ended = await eventually(
      () => call(app, "GET", "/metrics"),
      (answer) => answer.text.includes("baton_instances_ended_total{"),
    );

    // Assess
    expect(waiting.status).toBe(200);
    expect(waiting.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    expect(waiting.text).toContain('baton_instances_started_total{template="cache-change"} 1\n');
    expect(waiting.text).toContain('baton_approvals_opened_total{template="cache-change"} 1\n');
    expect(ended.text).toContain(
      'baton_instances_ended_total{template="cache-change",status="rejected"} 1\n',
    );
    expect(ended.text).toContain('baton_pending_approvals{template="cache-change"} 0\n');
    expect(ended.text).toContain(
      'baton_approval_wait_seconds_count{template="cache-change",outcome="rejected"} 1\n',
    );
    expect(ended.text).not.toContain(instanceId);
    backend.executions.close();
    backend.scheduler.close();
  });
});

describe("the request log", () => {
  it("has one entry per request with the route's pattern, status and user, and never a link id", async () => {
    // Prepare
    const test = await testBackend([PANEL_TEMPLATE]);
    const entries: RequestLogEntry[] = [];
    const app = createApiApp(test.backend, {
      identity: devIdentity(),
      requestLog: (entry) => entries.push(entry),
      log: () => undefined,
    });
    await call(app, "POST", "/v1/flows/panel/instances", { user: "sam", json: { input: {} } });
    await test.park("I000001", "review");
    const todo = await call(app, "GET", "/v1/approvals?status=pending", { user: "p01" });
    const link = (todo.json as { items: { link: string }[] }).items[0]?.link ?? "";
    const linkId = link.slice(link.indexOf("/a/") + 3);

    // Act
    await call(app, "GET", `/a/${linkId}`);
    await call(app, "GET", "/v1/instances/I000001");
    await call(app, "GET", "/nowhere");

    // Assess
    expect(linkId.length).toBeGreaterThan(20);
    expect(entries.map(({ durationMs: _ms, ...entry }) => entry)).toEqual([
      { method: "POST", route: "/v1/flows/:templateId/instances", status: 201, user: "sam" },
      { method: "GET", route: "/v1/approvals", status: 200, user: "p01" },
      { method: "GET", route: "/a/:linkId", status: 200 },
      { method: "GET", route: "/v1/instances/*", status: 401 },
      { method: "GET", route: "/*", status: 404 },
    ]);
    expect(entries.every((entry) => entry.durationMs >= 0)).toBe(true);
    expect(JSON.stringify(entries)).not.toContain(linkId);
  });
});
