import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SecretSource } from "../../lambdas/core/ports/secret-source.ts";
import { pagesHandler } from "../../lambdas/handlers/pages.ts";
import {
  pageSignInFromEnv,
  signInSecretsFromSecrets,
} from "../../lambdas/handlers/sign-in-from-env.ts";
import { lambdaContext } from "../support/lambda-context.ts";
import { lambdaTestBackend } from "../support/lambda-test-backend.ts";
import { type OidcTestProvider, oidcTestProvider } from "../support/oidc-test-provider.ts";

const PUBLIC_URL = "https://baton.test";
const SESSION_KEY = "s".repeat(43);

let provider: OidcTestProvider;

beforeAll(async () => {
  provider = await oidcTestProvider({
    redirectUri: `${PUBLIC_URL}/ui/signed-in`,
    clientSecret: "the-client-secret",
  });
});

afterAll(async () => {
  await provider.close();
});

/** The environment of an API function that signs people in with the test provider. */
function environment(): Record<string, string> {
  return {
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: provider.clientId,
    OIDC_CLIENT_SECRET: "the-client-secret",
    BATON_SESSION_KEY: SESSION_KEY,
    PUBLIC_URL,
  };
}

/** A GET as API Gateway's HTTP API (payload format 2.0) hands it to the function. */
function httpApiGet(path: string, query = "", cookies?: string[]): APIGatewayProxyEventV2 {
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: query,
    headers: { host: "baton.test", accept: "text/html" },
    ...(cookies ? { cookies } : {}),
    requestContext: {
      accountId: "123456789012",
      apiId: "api",
      domainName: "baton.test",
      domainPrefix: "baton",
      http: { method: "GET", path, protocol: "HTTP/1.1", sourceIp: "203.0.113.7", userAgent: "x" },
      requestId: "r-1",
      routeKey: "$default",
      stage: "$default",
      time: "02/Dec/2026:10:00:00 +0000",
      timeEpoch: 1796205600000,
    },
    isBase64Encoded: false,
  };
}

describe("pageSignInFromEnv", () => {
  it("is nothing without OIDC_ISSUER: the pages behave as before", () => {
    // Assess
    expect(pageSignInFromEnv({})).toBeUndefined();
    expect(
      pageSignInFromEnv({ OIDC_CLIENT_ID: "x", BATON_SESSION_KEY: SESSION_KEY }),
    ).toBeUndefined();
  });

  it("refuses a missing or malformed setting, naming it", () => {
    // Prepare
    const base = environment();
    const without = (name: string) => ({ ...base, [name]: "" });

    // Assess
    expect(() => pageSignInFromEnv(without("OIDC_CLIENT_ID"))).toThrow("OIDC_CLIENT_ID");
    expect(() => pageSignInFromEnv(without("BATON_SESSION_KEY"))).toThrow("BATON_SESSION_KEY");
    expect(() => pageSignInFromEnv({ ...base, BATON_SESSION_KEY: "short" })).toThrow(
      "BATON_SESSION_KEY must hold at least 256 bits",
    );
    expect(() => pageSignInFromEnv({ ...base, OIDC_ISSUER: "http://id.example.com" })).toThrow(
      "OIDC_ISSUER must be an https URL",
    );
    expect(() => pageSignInFromEnv({ ...base, PUBLIC_URL: "http://baton.example.com" })).toThrow(
      "PUBLIC_URL must be an https URL",
    );
    expect(() => pageSignInFromEnv(without("PUBLIC_URL"))).toThrow("PUBLIC_URL");
  });

  it("asks for OIDC_SCOPES, and openid even when it is not listed", async () => {
    // Prepare
    const signIn = pageSignInFromEnv({ ...environment(), OIDC_SCOPES: "groups  email" });
    const defaults = pageSignInFromEnv(environment());
    const request = {
      redirectUri: `${PUBLIC_URL}/ui/signed-in`,
      state: "s",
      nonce: "n",
      codeChallenge: "c",
    };

    // Act
    const asked = new URL((await signIn?.client.authorizationUrl(request)) ?? "");
    const byDefault = new URL((await defaults?.client.authorizationUrl(request)) ?? "");

    // Assess
    expect(asked.searchParams.get("scope")).toBe("openid groups email");
    expect(byDefault.searchParams.get("scope")).toBe("openid profile email");
  });
});

describe("signInSecretsFromSecrets", () => {
  // No Secrets Manager emulator runs here: the secrets come from a fake behind the SecretSource port.
  const secrets: Record<string, string> = {
    "arn:client": "the-client-secret",
    "arn:session": SESSION_KEY,
  };
  const reads: string[] = [];
  const source = async (): Promise<SecretSource> => ({
    secretString: async (id) => {
      reads.push(id);
      const value = secrets[id];
      if (value === undefined)
        throw Object.assign(new Error("no such secret"), { name: "ResourceNotFoundException" });
      return value;
    },
  });
  const {
    OIDC_CLIENT_SECRET: _,
    BATON_SESSION_KEY: __,
    ...withoutSecrets
  } = {
    OIDC_ISSUER: "https://id.example.com",
    OIDC_CLIENT_SECRET: "",
    BATON_SESSION_KEY: "",
  };

  it("reads the client secret and the session key from their secrets into the variables pageSignInFromEnv takes", async () => {
    // Prepare
    reads.length = 0;
    const env = {
      ...withoutSecrets,
      OIDC_CLIENT_SECRET_ARN: "arn:client",
      BATON_SESSION_KEY_SECRET_ARN: "arn:session",
    };

    // Act
    const read = await signInSecretsFromSecrets(env, source);
    const plainWins = await signInSecretsFromSecrets(
      { ...env, OIDC_CLIENT_SECRET: "plain", BATON_SESSION_KEY: SESSION_KEY },
      source,
    );
    const withoutIssuer = await signInSecretsFromSecrets({ ...env, OIDC_ISSUER: "" }, async () => {
      throw new Error("no secret is read without OIDC_ISSUER");
    });

    // Assess
    expect(read).toEqual({
      OIDC_CLIENT_SECRET: "the-client-secret",
      BATON_SESSION_KEY: SESSION_KEY,
    });
    expect(plainWins).toEqual({});
    expect(withoutIssuer).toEqual({});
    expect(reads.sort()).toEqual(["arn:client", "arn:session"]);
  });

  it("refuses a secret that cannot be read, naming the variable and the secret", async () => {
    // Act
    const refusal = signInSecretsFromSecrets(
      { ...withoutSecrets, OIDC_CLIENT_SECRET_ARN: "arn:gone" },
      source,
    );

    // Assess
    await expect(refusal).rejects.toThrow(
      "environment variable OIDC_CLIENT_SECRET_ARN names arn:gone, which cannot be read (ResourceNotFoundException)",
    );
  });
});

describe("the pages function signs people in to the pages", () => {
  it("sends a page opened by nobody to the provider and sets the session cookie on API Gateway", async () => {
    // Prepare
    const backend = await lambdaTestBackend();
    backend.publicUrl = PUBLIC_URL;
    const env = environment();
    const handler = pagesHandler(
      () => backend,
      () => async () => undefined,
      () => pageSignInFromEnv(env),
    );
    const context = lambdaContext("baton-pages");
    const get = async (path: string, query = "", cookies?: string[]) =>
      (await handler(
        httpApiGet(path, query, cookies),
        context,
      )) as APIGatewayProxyStructuredResultV2;

    // Act
    const opened = await get("/ui/inbox");
    const started = await get("/ui/sign-in", "next=%2Fui%2Finbox");
    const authorize = new URL(started.headers?.location as string);
    const form = new URLSearchParams(authorize.searchParams);
    form.set("user", "al");
    const atProvider = await fetch(`${provider.issuer}/authorize`, {
      method: "POST",
      body: form,
      redirect: "manual",
    });
    const back = new URL(atProvider.headers.get("location") ?? "");
    const signInCookie = (started.cookies ?? [])[0]?.split(";")[0] ?? "";
    const signedIn = await get(back.pathname, back.search.slice(1), [signInCookie]);
    const session = (signedIn.cookies ?? []).find((line) => line.startsWith("baton_session="));
    const inbox = await get("/ui/inbox", "", [session?.split(";")[0] ?? ""]);

    // Assess
    expect(opened).toMatchObject({
      statusCode: 303,
      headers: { location: "/ui/sign-in?next=%2Fui%2Finbox" },
    });
    expect(started.statusCode).toBe(302);
    expect(started.cookies).toEqual([
      expect.stringMatching(/^baton_sign_in=.*; Secure; SameSite=Lax$/),
    ]);
    expect(signedIn).toMatchObject({ statusCode: 303, headers: { location: "/ui/inbox" } });
    expect(session).toMatch(/; Path=\/ui; Max-Age=28800; HttpOnly; Secure; SameSite=Lax$/);
    expect(inbox.statusCode).toBe(200);
    expect(inbox.body).toContain("Signed in as <strong>al</strong>");
  });
});
