import { generateKeyPairSync } from "node:crypto";
import { sign } from "hono/jwt";
import type { HonoJsonWebKey } from "hono/utils/jwt/jws";
import { describe, expect, it } from "vitest";
import { jwtIdentity } from "../../lambdas/api/jwt-identity.ts";

const SECRET = "s".repeat(48);
const ISSUER = "https://id.example.com";
const now = () => Math.floor(Date.now() / 1000);
const claims = { iss: ISSUER, aud: "baton", sub: "al", tenant: "acme", exp: now() + 300 };
const bearer = (token: string) =>
  new Request("https://baton.test/v1/approvals", { headers: { authorization: `Bearer ${token}` } });

describe("jwtIdentity", () => {
  const resolve = jwtIdentity({ issuer: ISSUER, audience: "baton", secret: SECRET });

  it("reads tenant and user from a valid token", async () => {
    // Act
    const identity = await resolve(bearer(await sign(claims, SECRET, "HS256")));

    // Assess
    expect(identity).toEqual({ tenant: "acme", user: "al" });
  });

  it("is nobody for a wrong issuer, audience, key, an expired token, a missing tenant or no header", async () => {
    // Prepare
    const tokens = [
      await sign({ ...claims, iss: "https://evil.example.com" }, SECRET, "HS256"),
      await sign({ ...claims, aud: "other" }, SECRET, "HS256"),
      await sign(claims, "another secret of some length", "HS256"),
      await sign({ ...claims, exp: now() - 10 }, SECRET, "HS256"),
      await sign({ ...claims, tenant: undefined }, SECRET, "HS256"),
      await sign({ ...claims, sub: "has space" }, SECRET, "HS256"),
      "not.a.jwt",
    ];

    // Act
    const identities = await Promise.all(tokens.map((token) => resolve(bearer(token))));
    const noHeader = await resolve(new Request("https://baton.test/"));

    // Assess
    expect(identities).toEqual(tokens.map(() => undefined));
    expect(noHeader).toBeUndefined();
  });

  it("verifies against a JWKS, with the tenant from the configured claim", async () => {
    // Prepare
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const jwk = {
      ...publicKey.export({ format: "jwk" }),
      kid: "k1",
      alg: "RS256",
    } as HonoJsonWebKey;
    const privateJwk = {
      ...privateKey.export({ format: "jwk" }),
      kid: "k1",
      alg: "RS256",
    } as HonoJsonWebKey;
    const withJwks = jwtIdentity({
      issuer: ISSUER,
      audience: ["baton", "other"],
      tenantClaim: "org",
      jwks: { keys: [jwk] },
    });
    const token = await sign({ ...claims, org: "globex" }, privateJwk, "RS256");

    // Act
    const identity = await withJwks(bearer(token));
    const hmacToken = await withJwks(
      bearer(await sign({ ...claims, org: "globex" }, SECRET, "HS256")),
    );

    // Assess
    expect(identity).toEqual({ tenant: "globex", user: "al" });
    expect(hmacToken).toBeUndefined();
  });

  it("fetches a JWKS uri once for many verifications, not again for an unknown key id right after", async () => {
    // Prepare
    const signingKey = (kid: string) => {
      const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
      const jwk = (key: typeof publicKey) =>
        ({ ...key.export({ format: "jwk" }), kid, alg: "RS256" }) as HonoJsonWebKey;
      return { publicJwk: jwk(publicKey), privateJwk: jwk(privateKey) };
    };
    const first = signingKey("k1");
    const rotated = signingKey("k2");
    let published = [first.publicJwk];
    const fetched: string[] = [];
    const stubFetch = (async (input: string | URL | Request) => {
      fetched.push(String(input));
      return Response.json({ keys: published });
    }) as typeof fetch;
    const uri = "https://id.example.com/.well-known/jwks.json";
    const withJwks = jwtIdentity({
      issuer: ISSUER,
      audience: "baton",
      jwks: { uri },
      fetch: stubFetch,
    });
    const token = await sign(claims, first.privateJwk, "RS256");

    // Act
    const identities = [await withJwks(bearer(token)), await withJwks(bearer(token))];
    const fetchesForTwo = fetched.length;
    published = [first.publicJwk, rotated.publicJwk];
    const unknownKidSoonAfter = await withJwks(
      bearer(await sign(claims, rotated.privateJwk, "RS256")),
    );

    // Assess
    expect(identities).toEqual([
      { tenant: "acme", user: "al" },
      { tenant: "acme", user: "al" },
    ]);
    expect(fetchesForTwo).toBe(1);
    expect(fetched).toEqual([uri]);
    expect(unknownKidSoonAfter).toBeUndefined();
  });
});
