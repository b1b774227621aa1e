import { describe, expect, it } from "vitest";
import { devAuthAllowed } from "../../lambdas/api/dev-auth-allowed.ts";
import { devIdentity } from "../../lambdas/api/dev-identity.ts";

describe("devAuthAllowed", () => {
  it("allows the dev identity only with BATON_DEV_AUTH=1 on a loopback host", () => {
    // Prepare
    const on = { BATON_DEV_AUTH: "1" };

    // Act & Assess
    for (const host of ["127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"]) {
      expect(devAuthAllowed(on, host), host).toBe(true);
    }
    for (const host of [
      "0.0.0.0",
      "::",
      "192.168.1.4",
      "example.com",
      "localhost.evil.com",
      "",
      "127.0.0.1.nip.io",
    ]) {
      expect(devAuthAllowed(on, host), host).toBe(false);
    }
    for (const value of [undefined, "0", "true", "yes", " 1"]) {
      expect(devAuthAllowed({ BATON_DEV_AUTH: value }, "127.0.0.1"), String(value)).toBe(false);
    }
  });
});

describe("devIdentity", () => {
  it("reads the user from X-Baton-User in tenant default, and nobody without a usable one", async () => {
    // Prepare
    const resolve = devIdentity();
    const request = (user?: string) =>
      new Request(
        "http://127.0.0.1/",
        user === undefined ? {} : { headers: { "X-Baton-User": user } },
      );

    // Act & Assess
    expect(await resolve(request("al"))).toEqual({ tenant: "default", user: "al" });
    expect(await resolve(request())).toBeUndefined();
    expect(await resolve(request("a b"))).toBeUndefined();
    expect(await resolve(request("x".repeat(129)))).toBeUndefined();
  });
});
