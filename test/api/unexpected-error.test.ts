import { describe, expect, it } from "vitest";
import type { ApiLogEntry } from "../../lambdas/api/api-log.ts";
import { createApiApp } from "../../lambdas/api/create-api-app.ts";
import { devIdentity } from "../../lambdas/api/dev-identity.ts";
import { call } from "./support/api-client.ts";
import { PANEL_TEMPLATE } from "./support/panel-template.ts";
import { testBackend } from "./support/test-backend.ts";

describe("an unexpected error", () => {
  it("answers 500 internal with nothing of the error, and logs it without the token or the path", async () => {
    // Prepare: task results that fail naming the token, as a careless adapter might
    const test = await testBackend([PANEL_TEMPLATE]);
    test.backend.tasks.succeed = async (token) => {
      throw new Error(`SendTaskSuccess failed for ${token}`);
    };
    const logged: ApiLogEntry[] = [];
    const app = createApiApp(test.backend, {
      identity: devIdentity(),
      log: (entry) => logged.push(entry),
    });
    await call(app, "POST", "/v1/flows/panel/instances", { user: "sam", json: { input: {} } });
    const token = await test.park("I000001", "review");

    // Act
    const answer = await call(app, "POST", "/v1/approvals/I000001.review.1/decision", {
      user: "p01",
      json: { action: "approve", form: { level: 1 } },
    });

    // Assess
    expect(answer.status).toBe(500);
    expect(answer.json).toEqual({ error: { code: "internal", message: "internal error" } });
    expect(logged).toEqual([
      {
        level: "error",
        message: "unexpected error",
        method: "POST",
        route: "/v1/approvals/:approvalId/decision",
        error: "Error: SendTaskSuccess failed for [redacted]",
      },
    ]);
    expect(JSON.stringify(logged)).not.toContain(token);
  });
});
