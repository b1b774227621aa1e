import { describe, expect, it } from "vitest";
import { createApiApp } from "../../lambdas/api/create-api-app.ts";
import { devIdentity } from "../../lambdas/api/dev-identity.ts";
import type { IdentityResolver } from "../../lambdas/api/identity.ts";
import { testBackend } from "./support/test-backend.ts";

/** The dev identity, counting the requests it was asked about. */
function countedDevIdentity(): { identity: IdentityResolver; asked: () => number } {
  const dev = devIdentity();
  let asked = 0;
  return {
    identity: (request) => {
      asked += 1;
      return dev(request);
    },
    asked: () => asked,
  };
}

/** The API app on a test backend with the dev identity on (`baton dev` with `BATON_DEV_AUTH=1`). */
async function devApp(identity: IdentityResolver = devIdentity()) {
  return createApiApp((await testBackend()).backend, { identity, devSignIn: true });
}

/** The status `/v1/templates` answers alice's request with `host` as its `Host`. */
async function statusFor(app: Awaited<ReturnType<typeof devApp>>, host: string): Promise<number> {
  const answer = await app.request("/v1/templates", {
    headers: { Host: host, "x-baton-user": "alice" },
  });
  return answer.status;
}

describe("with the dev identity on, only loopback Host names are answered (DNS rebinding)", () => {
  it("refuses a foreign Host on every route, 403 naming it, before asking who is calling", async () => {
    // Prepare
    const { identity, asked } = countedDevIdentity();
    const app = await devApp(identity);
    const paths = [
      "/v1/templates",
      "/v1/approvals",
      "/ui",
      "/ui/inbox",
      "/a/some-link",
      "/healthz",
    ];

    // Act
    const answers = await Promise.all(
      paths.map((path) =>
        app.request(path, {
          headers: { Host: "evil.example:3000", "x-baton-user": "alice", accept: "text/html" },
        }),
      ),
    );

    // Assess
    for (const [index, answer] of answers.entries()) {
      expect(answer.status, paths[index]).toBe(403);
      expect(await answer.json()).toEqual({
        error: {
          code: "forbidden",
          message:
            "Host evil.example:3000 is not a loopback name: with BATON_DEV_AUTH=1 the engine answers only requests to localhost, 127.0.0.1 or [::1]",
        },
      });
    }
    expect(asked()).toBe(0);
  });

  it("refuses names that only look like loopback ones", async () => {
    // Prepare
    const app = await devApp();

    // Act & Assess
    for (const host of [
      "127.0.0.1.nip.io",
      "localhost.evil.example",
      "evil.example",
      "0.0.0.0:3000",
      "[::]:3000",
      "192.168.1.4:3000",
      "localhost:3000@evil.example",
    ]) {
      expect(await statusFor(app, host), host).toBe(403);
    }
  });

  it("answers localhost, 127.x.x.x and [::1], with a port or without", async () => {
    // Prepare
    const app = await devApp();

    // Act & Assess
    for (const host of [
      "localhost",
      "LocalHost:3000",
      "127.0.0.1",
      "127.0.0.1:3000",
      "127.0.0.2:8080",
      "[::1]",
      "[::1]:3000",
    ]) {
      expect(await statusFor(app, host), host).toBe(200);
    }
    expect((await app.request("http://127.0.0.1:3000/v1/templates")).status).toBe(401);
    expect((await app.request("http://evil.example/v1/templates")).status).toBe(403);
  });

  it("leaves the Host alone without the dev identity (on AWS the Host is the API's domain)", async () => {
    // Prepare
    const app = createApiApp((await testBackend()).backend, {
      identity: async () => ({ tenant: "default", user: "al" }),
    });

    // Act
    const answer = await app.request("/v1/templates", {
      headers: { Host: "baton.example.com" },
    });

    // Assess
    expect(answer.status).toBe(200);
  });
});
