import { describe, expect, it } from "vitest";
import { cachedJwks } from "../../lambdas/api/cached-jwks.ts";

const URI = "https://id.example.com/.well-known/jwks.json";

function provider() {
  const state = { keys: [{ kid: "k1", kty: "RSA" }], fetches: 0, fail: false, clock: 0 };
  const stubFetch = (async () => {
    state.fetches += 1;
    return state.fail ? new Response("down", { status: 503 }) : Response.json({ keys: state.keys });
  }) as unknown as typeof fetch;
  return { state, keys: cachedJwks(URI, stubFetch, () => state.clock) };
}

describe("cachedJwks", () => {
  it("shares one fetch between concurrent and later callers that know the key id", async () => {
    // Prepare
    const { state, keys } = provider();

    // Act
    const read = await Promise.all([keys("k1"), keys("k1"), keys("k1")]);
    state.clock = 60_000;
    await keys("k1");

    // Assess
    expect(read.map((found) => found.map((key) => key.kid))).toEqual([["k1"], ["k1"], ["k1"]]);
    expect(state.fetches).toBe(1);
  });

  it("fetches again for an unknown key id only after 30 seconds, and for any id after 10 minutes", async () => {
    // Prepare
    const { state, keys } = provider();
    await keys("k1");
    state.keys = [...state.keys, { kid: "k2", kty: "RSA" }];

    // Act
    const tooSoon = await keys("k2");
    state.clock = 30_000;
    const rotated = await keys("k2");
    const fetchesAfterRotation = state.fetches;
    state.clock = 30_000 + 10 * 60_000;
    await keys("k1");

    // Assess
    expect(tooSoon.map((key) => key.kid)).toEqual(["k1"]);
    expect(rotated.map((key) => key.kid)).toEqual(["k1", "k2"]);
    expect(fetchesAfterRotation).toBe(2);
    expect(state.fetches).toBe(3);
  });

  it("does not keep a failed fetch", async () => {
    // Prepare
    const { state, keys } = provider();
    state.fail = true;

    // Act
    const failure = await keys("k1").catch((error: Error) => error.message);
    state.fail = false;
    const recovered = await keys("k1");

    // Assess
    expect(failure).toContain("failed to fetch JWKS");
    expect(recovered.map((key) => key.kid)).toEqual(["k1"]);
  });
});
