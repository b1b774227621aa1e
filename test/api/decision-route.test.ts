import { beforeEach, describe, expect, it } from "vitest";
import { createApiApp } from "../../lambdas/api/create-api-app.ts";
import { devIdentity } from "../../lambdas/api/dev-identity.ts";
import type { RecordedDecision } from "../../lambdas/core/operations/act-on-approval.ts";
import { call } from "./support/api-client.ts";
import { PANEL, PANEL_TEMPLATE } from "./support/panel-template.ts";
import { type TestBackend, testBackend } from "./support/test-backend.ts";

const APPROVAL = "I000001.review.1";
const DECIDE = `/v1/approvals/${APPROVAL}/decision`;

describe("POST /v1/approvals/{approvalId}/decision", () => {
  let test: TestBackend;
  let app: ReturnType<typeof createApiApp>;
  beforeEach(async () => {
    test = await testBackend([PANEL_TEMPLATE]);
    app = createApiApp(test.backend, { identity: devIdentity() });
    await call(app, "POST", "/v1/flows/panel/instances", { user: "sam", json: { input: {} } });
    await test.park("I000001", "review");
  });

  const stored = () => test.backend.stores.approvals.get("default", "I000001", "review", 1);

  it("50 decisions at once on one `any` approval: one 200, 49 × 409 with the recorded decision, one task success", async () => {
    // Act
    const answers = await Promise.all(
      PANEL.map((user) =>
        call(app, "POST", DECIDE, { user, json: { action: "approve", form: { level: 2 } } }),
      ),
    );

    // Assess
    const won = answers.filter((answer) => answer.status === 200);
    const lost = answers.filter((answer) => answer.status === 409);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(49);
    const recorded = won[0]?.json as RecordedDecision;
    expect(recorded.status).toBe("approved");
    expect(recorded.actions).toHaveLength(1);
    for (const answer of lost) {
      const error = (answer.json as { error: { code: string; details: RecordedDecision } }).error;
      expect(error.code).toBe("conflict");
      expect(error.details).toEqual(recorded);
    }
    expect(test.taskCalls.filter((taskCall) => taskCall.kind === "succeed")).toHaveLength(1);
    expect(test.taskCalls).toHaveLength(1);
    for (const answer of answers) expect(answer.text).not.toContain(test.tokens[0]);
  });

  it("refuses someone who is not an approver with 403, changing nothing", async () => {
    // Prepare
    const before = await stored();

    // Act
    const answer = await call(app, "POST", DECIDE, {
      user: "mallory",
      json: { action: "approve", form: { level: 1 } },
    });

    // Assess
    expect(answer.status).toBe(403);
    expect((answer.json as { error: { code: string } }).error.code).toBe("forbidden");
    expect(await stored()).toEqual(before);
    expect(test.taskCalls).toEqual([]);
  });

  it("refuses form values that do not fit the node's form, and fields that do not fit the action", async () => {
    // Act
    const badForm = await call(app, "POST", DECIDE, {
      user: "p01",
      json: { action: "approve", form: { level: 9 } },
    });
    const transferWithForm = await call(app, "POST", DECIDE, {
      user: "p01",
      json: { action: "transfer", to: "p02", form: {} },
    });
    const transferWithoutTo = await call(app, "POST", DECIDE, {
      user: "p01",
      json: { action: "transfer" },
    });

    // Assess
    expect(badForm.status).toBe(400);
    expect(JSON.stringify(badForm.json)).toContain("form.level must be <= 3");
    expect(transferWithForm.status).toBe(400);
    expect(JSON.stringify(transferWithForm.json)).toContain("body.form is not allowed here");
    expect(transferWithoutTo.status).toBe(400);
    expect(JSON.stringify(transferWithoutTo.json)).toContain("must have required property 'to'");
    expect((await stored())?.version).toBe(1);
  });

  it("answers 404 for an approval id that names nothing", async () => {
    // Act
    const answer = await call(app, "POST", "/v1/approvals/I000009.review.1/decision", {
      user: "p01",
      json: { action: "approve", form: { level: 1 } },
    });

    // Assess
    expect(answer.status).toBe(404);
  });
});
