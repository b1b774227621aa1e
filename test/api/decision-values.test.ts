import { beforeEach, describe, expect, it } from "vitest";
import { createApiApp } from "../../lambdas/api/create-api-app.ts";
import { devIdentity } from "../../lambdas/api/dev-identity.ts";
import { approval, flow } from "../support/template-builder.ts";
import { call } from "./support/api-client.ts";
import { type TestBackend, testBackend } from "./support/test-backend.ts";

/** `lead` takes any form values (an open `form` schema); `check`, after it, has no form. */
const OPEN_FORM = flow(
  [approval("lead", ["zhou-min"], { form: { type: "object" } }), approval("check", ["qa"])],
  ["start>lead", "lead>check", "check>end"],
  { id: "open-form" },
);

const decide = (approvalId: string) => `/v1/approvals/${approvalId}/decision`;

describe("the values a decision carries (docs/semantics.md §5)", () => {
  let test: TestBackend;
  let app: ReturnType<typeof createApiApp>;
  beforeEach(async () => {
    test = await testBackend([OPEN_FORM]);
    app = createApiApp(test.backend, { identity: devIdentity() });
    await call(app, "POST", "/v1/flows/open-form/instances", { user: "sam", json: { input: {} } });
    await test.park("I000001", "lead");
  });

  const output = async (node: string) => {
    const answer = await call(app, "GET", "/v1/instances/I000001", { user: "sam" });
    return (answer.json as { nodes: Record<string, { output?: unknown }> }).nodes[node]?.output;
  };

  it("keeps the real decidedBy: a form value of that name does not replace it", async () => {
    // Act
    const answer = await call(app, "POST", decide("I000001.lead.1"), {
      user: "zhou-min",
      json: { action: "approve", form: { decidedBy: ["ceo"], memoryGb: 1 } },
    });

    // Assess
    expect(answer.status).toBe(200);
    expect(await output("lead")).toEqual({ decidedBy: ["zhou-min"], memoryGb: 1 });
    const success = test.taskCalls.find((taskCall) => taskCall.kind === "succeed");
    expect(JSON.stringify(success)).toContain('"decidedBy":["zhou-min"]');
    expect(JSON.stringify(success)).not.toContain("ceo");
  });

  it("refuses a form value named __proto__, constructor or prototype with 400 naming it, recording nothing", async () => {
    for (const key of ["__proto__", "constructor", "prototype"]) {
      // Act: written as JSON text, so that `__proto__` is an own key as JSON.parse makes it.
      const answer = await call(app, "POST", decide("I000001.lead.1"), {
        user: "zhou-min",
        headers: { "content-type": "application/json" },
        body: `{"action":"approve","form":{"${key}":{"memoryGb":1}}}`,
      });

      // Assess
      expect(answer.status, key).toBe(400);
      expect((answer.json as { error: { code: string; message: string } }).error).toMatchObject({
        code: "invalid",
        message: `form value ${key} is not accepted`,
      });
    }
    const record = await test.backend.stores.approvals.get("default", "I000001", "lead", 1);
    expect(record?.log).toEqual([]);
    expect(test.taskCalls).toEqual([]);
  });

  it("refuses form values on a node that has no form, and takes a comment alone there", async () => {
    // Prepare
    await call(app, "POST", decide("I000001.lead.1"), {
      user: "zhou-min",
      json: { action: "approve" },
    });
    await test.park("I000001", "check");

    // Act
    const withForm = await call(app, "POST", decide("I000001.check.1"), {
      user: "qa",
      json: { action: "approve", form: { level: 2 } },
    });
    const withComment = await call(app, "POST", decide("I000001.check.1"), {
      user: "qa",
      json: { action: "approve", comment: "fine" },
    });

    // Assess
    expect(withForm.status).toBe(400);
    expect((withForm.json as { error: { message: string } }).error.message).toBe(
      "form given but node check has no form",
    );
    expect(withComment.status).toBe(200);
    expect(await output("check")).toEqual({ decidedBy: ["qa"], comment: "fine" });
  });
});
