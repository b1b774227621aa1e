import { beforeEach, describe, expect, it } from "vitest";
import { createApiApp } from "../../lambdas/api/create-api-app.ts";
import { devIdentity } from "../../lambdas/api/dev-identity.ts";
import { call } from "./support/api-client.ts";
import { type TestBackend, testBackend } from "./support/test-backend.ts";

const input = { requester: "rita", owner: "olga", app: "feed", cluster: "payment", memoryGb: 128 };

describe("POST /v1/flows/{templateId}/instances", () => {
  let test: TestBackend;
  let app: ReturnType<typeof createApiApp>;
  beforeEach(async () => {
    test = await testBackend();
    app = createApiApp(test.backend, { identity: devIdentity() });
  });

  it("starts an instance: 201 with its id, status and template version", async () => {
    // Act
    const answer = await call(app, "POST", "/v1/flows/cache-change/instances", {
      user: "rita",
      json: { input },
    });

    // Assess
    expect(answer.status).toBe(201);
    expect(answer.json).toEqual({ instanceId: "I000001", status: "running", templateVersion: 1 });
    expect(answer.headers.get("location")).toBe("/v1/instances/I000001");
    expect(test.executions.map((started) => started.name)).toEqual(["I000001"]);
  });

  it("refuses input that does not fit the template with 400 listing every error, writing nothing", async () => {
    // Act
    const answer = await call(app, "POST", "/v1/flows/cache-change/instances", {
      user: "rita",
      json: { input: { owner: 7, memoryGb: "big", extra: true } },
    });

    // Assess
    expect(answer.status).toBe(400);
    const error = (answer.json as { error: { code: string; details: string[] } }).error;
    expect(error.code).toBe("invalid");
    expect(error.details).toEqual(
      expect.arrayContaining([
        expect.stringContaining("requester"),
        expect.stringContaining("input.owner must be string"),
        expect.stringContaining("input.memoryGb must be number"),
        expect.stringContaining("extra"),
      ]),
    );
    expect(test.executions).toEqual([]);
    expect(test.events).toEqual([]);
    expect(await test.backend.stores.instances.get("default", "I000001")).toBeUndefined();
    const started = await test.backend.stores.inbox.list("default", "rita", "started");
    expect(started.items).toEqual([]);
  });

  it("with an idempotency key starts one instance and one execution; retries answer 200 with it", async () => {
    // Act
    const answers = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      answers.push(
        await call(app, "POST", "/v1/flows/cache-change/instances", {
          user: "rita",
          json: { input, idempotencyKey: "order-42" },
        }),
      );
    }

    // Assess
    expect(answers.map((answer) => answer.status)).toEqual([201, 200, 200]);
    const ids = new Set(
      answers.map((answer) => (answer.json as { instanceId: string }).instanceId),
    );
    expect(ids.size).toBe(1);
    expect(test.executions).toHaveLength(1);
  });

  it("with an idempotency key sent 10 times at once still starts one instance", async () => {
    // Act
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        call(app, "POST", "/v1/flows/cache-change/instances", {
          user: "rita",
          json: { input, idempotencyKey: "order-43" },
        }),
      ),
    );

    // Assess
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(1);
    const ids = new Set(
      answers.map((answer) => (answer.json as { instanceId: string }).instanceId),
    );
    expect(ids.size).toBe(1);
    expect(new Set(test.executions.map((started) => started.name)).size).toBe(1);
  });

  it("refuses unknown fields by name, a missing input, an unknown template and nobody signed in", async () => {
    // Act
    const unknown = await call(app, "POST", "/v1/flows/cache-change/instances", {
      user: "rita",
      json: { input, priority: 1 },
    });
    const missing = await call(app, "POST", "/v1/flows/cache-change/instances", {
      user: "rita",
      json: {},
    });
    const noTemplate = await call(app, "POST", "/v1/flows/no-such/instances", {
      user: "rita",
      json: { input },
    });
    const anonymous = await call(app, "POST", "/v1/flows/cache-change/instances", {
      json: { input },
    });

    // Assess
    expect(unknown.status).toBe(400);
    expect(unknown.json).toEqual({
      error: {
        code: "invalid",
        message: "unknown fields: body.priority",
        details: ["body.priority"],
      },
    });
    expect(missing.status).toBe(400);
    expect(noTemplate.status).toBe(404);
    expect(anonymous.status).toBe(401);
    expect(test.executions).toEqual([]);
  });

  it("refuses a body over 256 KiB with 413 and malformed JSON with 400", async () => {
    // Act
    const huge = await call(app, "POST", "/v1/flows/cache-change/instances", {
      user: "rita",
      body: JSON.stringify({ input: { reason: "x".repeat(300 * 1024) } }),
    });
    const malformed = await call(app, "POST", "/v1/flows/cache-change/instances", {
      user: "rita",
      body: '{"input": {',
    });

    // Assess
    expect(huge.status).toBe(413);
    expect((huge.json as { error: { code: string } }).error.code).toBe("too-large");
    expect(malformed.status).toBe(400);
    expect(malformed.json).toEqual({
      error: { code: "invalid", message: "the body is not valid JSON" },
    });
  });
});
