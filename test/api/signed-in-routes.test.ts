import { describe, expect, it } from "vitest";
import { createApiApp } from "../../lambdas/api/create-api-app.ts";
import type { IdentityResolver } from "../../lambdas/api/identity.ts";
import { testBackend } from "./support/test-backend.ts";

describe("the signed-in routes", () => {
  it("ask the identity resolver once per request, for a collection and what lies under it", async () => {
    // Prepare
    const asked: string[] = [];
    const counting: IdentityResolver = async (request) => {
      asked.push(new URL(request.url).pathname);
      return { tenant: "default", user: "al" };
    };
    const app = createApiApp((await testBackend()).backend, { identity: counting });
    const guarded = [
      "/v1/approvals",
      "/v1/approvals/some-approval",
      "/v1/templates",
      "/v1/templates/cache-change",
      "/v1/instances/some-instance",
    ];

    // Act
    for (const path of guarded) await app.request(path);
    const askedForGuarded = [...asked];
    const lookalike = await app.request("/v1/approvalsX");

    // Assess
    expect(askedForGuarded).toEqual(guarded);
    expect(lookalike.status).toBe(404);
    expect(asked).toEqual(guarded);
  });
});
