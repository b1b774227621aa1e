import { describe, expect, it } from "vitest";
import { createApiApp } from "../../lambdas/api/create-api-app.ts";
import { devIdentity } from "../../lambdas/api/dev-identity.ts";
import { call } from "./support/api-client.ts";
import { testBackend } from "./support/test-backend.ts";

describe("reading templates and their versions", () => {
  it("lists every template at its latest version with its versions, and reads one with its picture", async () => {
    const test = await testBackend();
    const cacheChange = await test.backend.templates.get("cache-change");
    if (!cacheChange) throw new Error("cache-change is missing from definitions/");
    const app = createApiApp(
      (await testBackend([{ ...cacheChange, version: 2, name: "Cache change v2" }])).backend,
      { identity: devIdentity() },
    );

    const listed = await call(app, "GET", "/v1/templates", { user: "al" });
    const latest = await call(app, "GET", "/v1/templates/cache-change", { user: "al" });
    const first = await call(app, "GET", "/v1/templates/cache-change/versions/1", { user: "al" });

    expect(listed.status).toBe(200);
    const items = (
      listed.json as { items: { templateId: string; version: number; versions: number[] }[] }
    ).items;
    expect(items.map((item) => item.templateId)).toEqual([
      "cache-change",
      "devops-release",
      "push-campaign",
      "table-permission",
    ]);
    expect(items[0]).toMatchObject({
      templateId: "cache-change",
      version: 2,
      name: "Cache change v2",
      versions: [1, 2],
    });
    expect(latest.json).toMatchObject({
      version: 2,
      versions: [1, 2],
      template: { id: "cache-change", version: 2 },
    });
    expect((latest.json as { mermaid: string }).mermaid).toMatch(/^flowchart TD/);
    expect(first.json).toMatchObject({
      version: 1,
      name: cacheChange.name,
      template: { version: 1 },
    });
  });

  it("lists a template's instances newest first, page by page", async () => {
    const test = await testBackend();
    const app = createApiApp(test.backend, { identity: devIdentity() });
    const input = { requester: "r", owner: "o", app: "a", cluster: "general", memoryGb: 8 };
    const started: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const answer = await call(app, "POST", "/v1/flows/cache-change/instances", {
        user: "rita",
        json: { input },
      });
      started.push((answer.json as { instanceId: string }).instanceId);
      test.advance(1_000);
    }

    const first = await call(app, "GET", "/v1/templates/cache-change/instances?limit=2", {
      user: "al",
    });
    expect(first.json).toHaveProperty("items");
    const { items, cursor } = first.json as {
      items: { instanceId: string; status: string }[];
      cursor: string;
    };
    const rest = await call(
      app,
      "GET",
      `/v1/templates/cache-change/instances?limit=2&cursor=${cursor}`,
      { user: "al" },
    );

    expect(items.map((item) => item.instanceId)).toEqual([started[2], started[1]]);
    expect(items[0]).toMatchObject({ status: "running", starter: "rita", templateVersion: 1 });
    expect(
      (rest.json as { items: { instanceId: string }[] }).items.map((item) => item.instanceId),
    ).toEqual([started[0]]);
    expect((await call(app, "GET", "/v1/templates/nope/instances", { user: "al" })).status).toBe(
      404,
    );
    expect(
      (await call(app, "GET", "/v1/templates/cache-change/instances?cursor=", { user: "al" }))
        .status,
    ).toBe(400);
  });

  it("refuses a cursor no page gave, and any query on the template list, naming it", async () => {
    // Prepare
    const app = createApiApp((await testBackend()).backend, { identity: devIdentity() });

    // Act
    const cursor = await call(app, "GET", "/v1/templates/cache-change/instances?cursor=zzzz", {
      user: "al",
    });
    const limit = await call(app, "GET", "/v1/templates?limit=abc", { user: "al" });

    // Assess
    expect(cursor.status).toBe(400);
    expect((cursor.json as { error: { message: string } }).error.message).toContain("cursor");
    expect(limit.status).toBe(400);
    expect(limit.json).toMatchObject({
      error: { code: "invalid", message: "unknown fields: query.limit" },
    });
  });

  it("answers 404 for an unknown template or version and 401 for nobody", async () => {
    const app = createApiApp((await testBackend()).backend, { identity: devIdentity() });
    expect((await call(app, "GET", "/v1/templates/nope", { user: "al" })).status).toBe(404);
    expect(
      (await call(app, "GET", "/v1/templates/cache-change/versions/9", { user: "al" })).status,
    ).toBe(404);
    expect(
      (await call(app, "GET", "/v1/templates/cache-change/versions/x", { user: "al" })).status,
    ).toBe(404);
    expect((await call(app, "GET", "/v1/templates")).status).toBe(401);
  });
});
