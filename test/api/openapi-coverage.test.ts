import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { createApiApp } from "../../lambdas/api/create-api-app.ts";
import { devIdentity } from "../../lambdas/api/dev-identity.ts";
import { oidcClient } from "../../lambdas/api/oidc/oidc-client.ts";
import { OPENAPI_DOCUMENT } from "../../lambdas/api/openapi.ts";
import { call } from "./support/api-client.ts";
import { testBackend } from "./support/test-backend.ts";

const METHODS = ["get", "head", "post", "put", "patch", "delete"];

/** The pages people open (and their assets): documented in docs/pages.md, not in the API's document. */
const isPage = (route: string) => / \/(ui|assets)(\/|$)/.test(route);

/** The app's routes as `method /path/{param}`, without hono's catch-all middleware. */
function routesOf(app: ReturnType<typeof createApiApp>): Set<string> {
  return new Set(
    app.routes
      .filter((route) => route.method !== "ALL")
      .map((route) => `${route.method.toLowerCase()} ${route.path.replace(/:(\w+)/g, "{$1}")}`),
  );
}

describe("the OpenAPI document and the app's routes", () => {
  it("documents every route the app serves, and the app serves every documented operation", async () => {
    // Prepare
    const app = createApiApp((await testBackend()).backend, { identity: devIdentity() });
    const served = new Set([...routesOf(app)].filter((route) => !isPage(route)));
    const documented = new Set(
      Object.entries(OPENAPI_DOCUMENT.paths).flatMap(([path, item]) =>
        Object.keys(item)
          .filter((method) => METHODS.includes(method))
          .map((method) => `${method} ${path}`),
      ),
    );

    // Act: hono serves HEAD through GET
    const servedOrHead = new Set([
      ...served,
      ...[...served]
        .filter((route) => route.startsWith("get "))
        .map((route) => `head ${route.slice(4)}`),
    ]);

    // Assess
    expect([...served].filter((route) => !documented.has(route))).toEqual([]);
    expect([...documented].filter((route) => !servedOrHead.has(route))).toEqual([]);
    expect(served.size).toBeGreaterThanOrEqual(10);
  });

  it("documents every page route in docs/pages.md", async () => {
    const app = createApiApp((await testBackend()).backend, {
      identity: devIdentity(),
      devSignIn: true,
      signIn: {
        client: oidcClient({ issuer: "https://id.example.com", clientId: "baton" }),
        sessionKey: "s".repeat(43),
      },
    });
    const pages = [...routesOf(app)].filter(isPage);
    const doc = await readFile("docs/pages.md", "utf8");
    expect(pages.length).toBeGreaterThan(3);
    expect(
      pages.filter(
        (route) => !doc.includes(`\`${route.toUpperCase().split(" ")[0]} ${route.split(" ")[1]}\``),
      ),
    ).toEqual([]);
  });

  it("serves the document at /openapi.json", async () => {
    // Prepare
    const app = createApiApp((await testBackend()).backend, { identity: devIdentity() });

    // Act
    const answer = await call(app, "GET", "/openapi.json");

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual(JSON.parse(JSON.stringify(OPENAPI_DOCUMENT)));
    expect((answer.json as { openapi: string }).openapi).toBe("3.1.0");
  });
});
