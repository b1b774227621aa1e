import { describe, expect, it } from "vitest";
import { cachedDiscovery } from "../../lambdas/api/oidc/oidc-discovery.ts";
import { IdentityProviderError } from "../../lambdas/api/oidc/sign-in-errors.ts";

const ISSUER = "https://id.example.com";

/** A fetch answering one discovery document, counting its reads (no network). */
function answering(document: unknown, status = 200) {
  const reads: string[] = [];
  const fetchDocument = (async (uri: string) => {
    reads.push(uri);
    return new Response(JSON.stringify(document), { status });
  }) as typeof fetch;
  return { reads, fetchDocument };
}

const DOCUMENT = {
  issuer: ISSUER,
  authorization_endpoint: `${ISSUER}/authorize`,
  token_endpoint: `${ISSUER}/token`,
  jwks_uri: `${ISSUER}/jwks`,
};

describe("cachedDiscovery", () => {
  it("reads the issuer's document once an hour and answers its endpoints", async () => {
    // Prepare
    let now = 0;
    const { reads, fetchDocument } = answering(DOCUMENT);
    const discovery = cachedDiscovery(ISSUER, fetchDocument, () => now);

    // Act
    const [first, second] = await Promise.all([discovery(), discovery()]);
    now = 59 * 60 * 1000;
    await discovery();
    now = 60 * 60 * 1000;
    await discovery();

    // Assess
    expect(first).toEqual({
      authorizationEndpoint: `${ISSUER}/authorize`,
      tokenEndpoint: `${ISSUER}/token`,
      jwksUri: `${ISSUER}/jwks`,
    });
    expect(second).toBe(first);
    expect(reads).toEqual([
      `${ISSUER}/.well-known/openid-configuration`,
      `${ISSUER}/.well-known/openid-configuration`,
    ]);
  });

  it.each([
    ["another issuer", { ...DOCUMENT, issuer: "https://evil.example.com" }, "names another issuer"],
    [
      "an http endpoint",
      { ...DOCUMENT, token_endpoint: "http://id.example.com/token" },
      "token_endpoint is not an https URL",
    ],
    ["no JWKS", { ...DOCUMENT, jwks_uri: undefined }, "jwks_uri is not an https URL"],
    ["no object", ["not", "an", "object"], "is not a JSON object"],
  ])(
    "refuses a document with %s, naming it, and reads it again next time",
    async (_, document, message) => {
      // Prepare
      const { reads, fetchDocument } = answering(document);
      const discovery = cachedDiscovery(ISSUER, fetchDocument);

      // Act
      const refusal = await discovery().catch((error: unknown) => error);
      await discovery().catch(() => undefined);

      // Assess
      expect(refusal).toBeInstanceOf(IdentityProviderError);
      expect((refusal as Error).message).toContain(message);
      expect(reads).toHaveLength(2);
    },
  );

  it("says which status a failing document answered", async () => {
    // Prepare
    const { fetchDocument } = answering({}, 503);

    // Act
    const refusal = await cachedDiscovery(ISSUER, fetchDocument)().catch((error: unknown) => error);

    // Assess
    expect((refusal as Error).message).toBe(
      `the discovery document at ${ISSUER}/.well-known/openid-configuration answered 503`,
    );
  });
});
