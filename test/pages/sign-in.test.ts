import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ApiLogEntry } from "../../lambdas/api/api-log.ts";
import { createApiApp } from "../../lambdas/api/create-api-app.ts";
import { jwtIdentity } from "../../lambdas/api/jwt-identity.ts";
import { oidcClient } from "../../lambdas/api/oidc/oidc-client.ts";
import { escapeHtml } from "../../lambdas/api/pages/escape-html.ts";
import { buildPageAssets, type PageAssets } from "../../lambdas/api/pages/page-assets.ts";
import { SESSION_COOKIE } from "../../lambdas/api/pages/page-session.ts";
import { DEFAULT_NEXT, safeNext } from "../../lambdas/api/pages/sign-in-next.ts";
import { SIGN_IN_COOKIE } from "../../lambdas/api/pages/sign-in-state.ts";
import { secureCookies } from "../../lambdas/api/pages/signed-cookie.ts";
import { type TestBackend, testBackend } from "../api/support/test-backend.ts";
import { type OidcTestProvider, oidcTestProvider } from "../support/oidc-test-provider.ts";

const BATON = "https://baton.test";
const SESSION_KEY = "s".repeat(43);
const CLIENT_SECRET = "client-secret-of-the-test";

let assets: PageAssets;
let provider: OidcTestProvider;
let test: TestBackend;
let app: ReturnType<typeof createApiApp>;
let logged: ApiLogEntry[];

beforeAll(async () => {
  [assets, provider] = await Promise.all([
    buildPageAssets(),
    oidcTestProvider({ redirectUri: `${BATON}/ui/signed-in`, clientSecret: CLIENT_SECRET }),
  ]);
});

afterAll(async () => {
  await provider.close();
});

beforeEach(async () => {
  provider.claimsOverride = undefined;
  provider.tokenRequests.length = 0;
  logged = [];
  test = await testBackend([]);
  app = createApiApp(test.backend, {
    identity: jwtIdentity({
      issuer: provider.issuer,
      audience: "baton-api",
      jwks: { uri: `${provider.issuer}/jwks` },
    }),
    signIn: {
      client: oidcClient({
        issuer: provider.issuer,
        clientId: provider.clientId,
        clientSecret: CLIENT_SECRET,
      }),
      sessionKey: SESSION_KEY,
    },
    pageAssets: async () => assets,
    log: (entry) => logged.push(entry),
  });
});

/** The `Set-Cookie` lines of an answer, by cookie name. */
function setCookies(response: Response): Record<string, string> {
  return Object.fromEntries(
    response.headers.getSetCookie().map((line) => [line.slice(0, line.indexOf("=")), line]),
  );
}

/** A `Cookie` header of the values of `Set-Cookie` lines. */
function cookieOf(...lines: (string | undefined)[]): string {
  return lines
    .filter((line): line is string => line !== undefined)
    .map((line) => line.split(";")[0])
    .join("; ");
}

/** What the browser holds after asking Baton to sign in: where it goes and the sign-in cookie. */
async function startSignIn(next?: string) {
  const query = next === undefined ? "" : `?next=${encodeURIComponent(next)}`;
  const started = await app.request(`${BATON}/ui/sign-in${query}`);
  expect(started.status).toBe(302);
  return {
    authorize: new URL(started.headers.get("location") ?? ""),
    cookie: setCookies(started)[SIGN_IN_COOKIE],
  };
}

/** The person signs in as `user` on the provider's page (real HTTP); answers the redirect back. */
async function signInAtProvider(authorize: URL, user: string): Promise<string> {
  const page = await fetch(authorize);
  expect(page.status).toBe(200);
  const form = new URLSearchParams(authorize.searchParams);
  form.set("user", user);
  const answer = await fetch(`${provider.issuer}/authorize`, {
    method: "POST",
    body: form,
    redirect: "manual",
  });
  expect(answer.status).toBe(302);
  return answer.headers.get("location") ?? "";
}

/** The whole sign-in as `user`: Baton's answer to the provider's redirect back. */
async function signIn(user: string, next?: string) {
  const { authorize, cookie } = await startSignIn(next);
  const back = await signInAtProvider(authorize, user);
  return app.request(back, { headers: { cookie: cookieOf(cookie) } });
}

describe("signing in to the pages with an OpenID provider", () => {
  it("sends a page opened by nobody to the provider and back to it with a session", async () => {
    // Act
    const opened = await app.request(`${BATON}/ui/inbox?view=done`);
    const toSignIn = new URL(opened.headers.get("location") ?? "", BATON);
    const { authorize, cookie } = await startSignIn(toSignIn.searchParams.get("next") ?? "");
    const back = await signInAtProvider(authorize, "al");
    const signedIn = await app.request(back, { headers: { cookie: cookieOf(cookie) } });
    const session = setCookies(signedIn)[SESSION_COOKIE];
    const inbox = await app.request(`${BATON}/ui/inbox?view=done`, {
      headers: { cookie: cookieOf(session) },
    });

    // Assess
    expect(opened.status).toBe(303);
    expect(toSignIn.pathname).toBe("/ui/sign-in");
    expect(toSignIn.searchParams.get("next")).toBe("/ui/inbox?view=done");
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${provider.issuer}/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      response_type: "code",
      client_id: provider.clientId,
      redirect_uri: `${BATON}/ui/signed-in`,
      scope: "openid profile email",
      code_challenge_method: "S256",
    });
    expect(authorize.searchParams.get("state")).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get("nonce")).toMatch(/^[\w-]{43}$/);
    expect(cookie).toMatch(/; Path=\/ui\/signed-in; Max-Age=600; HttpOnly; Secure; SameSite=Lax$/);
    expect(cookie).not.toContain(authorize.searchParams.get("code_challenge"));
    const [exchange] = provider.tokenRequests;
    expect(exchange?.authorization).toMatch(/^Basic /);
    expect(exchange?.form.get("code_verifier")).toMatch(/^[\w-]{43}$/);
    expect(exchange?.form.has("client_id")).toBe(false);
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get("location")).toBe("/ui/inbox?view=done");
    expect(session).toMatch(/; Path=\/ui; Max-Age=28800; HttpOnly; Secure; SameSite=Lax$/);
    expect(setCookies(signedIn)[SIGN_IN_COOKIE]).toMatch(/^baton_sign_in=; .*Max-Age=0/);
    expect(inbox.status).toBe(200);
    const page = await inbox.text();
    expect(page).toContain("Signed in as <strong>al</strong>");
    expect(page).toMatch(/<form method="post" action="\/ui\/sign-out"/);
    expect(logged).toEqual([]);
  });

  it("refuses a return whose state is not the browser's, or without the sign-in cookie, and sets no session", async () => {
    // Prepare
    const first = await startSignIn();
    const second = await startSignIn();
    const back = await signInAtProvider(first.authorize, "al");

    // Act
    const otherCookie = await app.request(back, { headers: { cookie: cookieOf(second.cookie) } });
    const noCookie = await app.request(back);
    const forgedState = new URL(back);
    forgedState.searchParams.set("state", "made-up");
    const forged = await app.request(forgedState.href, {
      headers: { cookie: cookieOf(first.cookie) },
    });

    // Assess
    for (const answer of [otherCookie, noCookie, forged]) {
      expect(answer.status).toBe(401);
      expect(answer.headers.getSetCookie()).toEqual([]);
      const page = await answer.text();
      expect(page).toContain("Sign-in failed");
      expect(page).toContain("it was not started in this browser, or took longer than 10 minutes");
      expect(page).toContain('href="/ui/sign-in?next=%2Fui%2Finbox"');
    }
    expect(provider.tokenRequests).toEqual([]);
  });

  it("refuses a sign-in cookie that was tampered with or is older than 10 minutes", async () => {
    // Prepare
    const { authorize, cookie } = await startSignIn();
    const back = await signInAtProvider(authorize, "al");
    const value = cookieOf(cookie);
    // The next-to-last character changed to another one (the last of a MAC's base64url holds
    // padding bits, so a change there may not change the MAC).
    const tampered = `${value.slice(0, -2)}${value.at(-2) === "A" ? "B" : "A"}${value.slice(-1)}`;

    // Act
    const changed = await app.request(back, { headers: { cookie: tampered } });
    test.advance(10 * 60 * 1000);
    const late = await app.request(back, { headers: { cookie: value } });

    // Assess
    expect(changed.status).toBe(401);
    expect(late.status).toBe(401);
    expect(late.headers.getSetCookie()).toEqual([]);
  });

  it("signs in again when the session cookie is tampered with or has expired (a script's JSON read is 401)", async () => {
    // Prepare
    const session = cookieOf(setCookies(await signIn("al"))[SESSION_COOKIE]);
    const [body = "", mac = ""] = session.slice(`${SESSION_COOKIE}=`.length).split(".");
    const payload = JSON.parse(Buffer.from(body, "base64url").toString());
    const asSomeoneElse = Buffer.from(JSON.stringify({ ...payload, u: "boss" })).toString(
      "base64url",
    );

    // Act
    const valid = await app.request(`${BATON}/ui/inbox`, { headers: { cookie: session } });
    const forged = await app.request(`${BATON}/ui/inbox`, {
      headers: { cookie: `${SESSION_COOKIE}=${asSomeoneElse}.${mac}` },
    });
    const garbled = await app.request(`${BATON}/ui/inbox`, {
      headers: { cookie: `${SESSION_COOKIE}=%E0%A4%A` },
    });
    test.advance(8 * 60 * 60 * 1000);
    const expired = await app.request(`${BATON}/ui/inbox`, { headers: { cookie: session } });
    const liveState = await app.request(`${BATON}/ui/instances/i-1/state.json`, {
      headers: { cookie: session },
    });

    // Assess
    expect(valid.status).toBe(200);
    expect(liveState.status).toBe(401);
    for (const answer of [forged, garbled, expired]) {
      expect(answer.status).toBe(303);
      expect(answer.headers.get("location")).toBe("/ui/sign-in?next=%2Fui%2Finbox");
    }
  });

  it("goes back only to a page of this site: next=https://evil and its kin land on the inbox", async () => {
    // Act
    const answers = await Promise.all(
      [
        "https://evil.example/ui",
        "//evil.example/ui",
        "/\\evil.example",
        "/ui/../v1/approvals",
      ].map((next) => signIn("al", next)),
    );
    const kept = await signIn("al", "/ui/templates?lang=zh-CN");

    // Assess
    expect(answers.map((answer) => answer.headers.get("location"))).toEqual(
      answers.map(() => DEFAULT_NEXT),
    );
    expect(kept.headers.get("location")).toBe("/ui/templates?lang=zh-CN");
  });

  it("signs out only with the shell's CSRF token", async () => {
    // Prepare
    const session = cookieOf(setCookies(await signIn("al"))[SESSION_COOKIE]);
    const inbox = await (
      await app.request(`${BATON}/ui/inbox`, { headers: { cookie: session } })
    ).text();
    const csrf = /action="\/ui\/sign-out"[\s\S]*?name="csrf" value="([^"]+)"/.exec(inbox)?.[1];
    const post = (body: string) =>
      app.request(`${BATON}/ui/sign-out`, {
        method: "POST",
        headers: { cookie: session, "content-type": "application/x-www-form-urlencoded" },
        body,
      });

    // Act
    const withoutToken = await post("");
    const withOtherToken = await post("csrf=forged");
    const signedOut = await post(`csrf=${encodeURIComponent(csrf ?? "")}`);
    const after = await app.request(`${BATON}/ui/signed-out`);

    // Assess
    expect(csrf).toBeDefined();
    expect(withoutToken.status).toBe(403);
    expect(withOtherToken.status).toBe(403);
    expect(withoutToken.headers.getSetCookie()).toEqual([]);
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get("location")).toBe("/ui/signed-out");
    expect(setCookies(signedOut)[SESSION_COOKIE]).toMatch(
      /^baton_session=; Path=\/ui; Max-Age=0; HttpOnly; Secure; SameSite=Lax$/,
    );
    expect(await after.text()).toContain("You have signed out of Baton.");
  });

  it("never lets the session cookie call the JSON API, which takes bearer tokens only", async () => {
    // Prepare
    const session = cookieOf(setCookies(await signIn("al"))[SESSION_COOKIE]);
    const bearer = await provider.token({
      iss: provider.issuer,
      aud: "baton-api",
      sub: "al",
      tenant: "acme",
      exp: Math.floor(Date.now() / 1000) + 300,
    });

    // Act
    const byCookie = await app.request(`${BATON}/v1/approvals?status=pending`, {
      headers: { cookie: session },
    });
    const startByCookie = await app.request(`${BATON}/v1/flows/cache-change/instances`, {
      method: "POST",
      headers: { cookie: session, "content-type": "application/json" },
      body: JSON.stringify({ input: {} }),
    });
    const byBearer = await app.request(`${BATON}/v1/approvals?status=pending`, {
      headers: { authorization: `Bearer ${bearer}` },
    });
    const pageByBearer = await app.request(`${BATON}/ui/inbox`, {
      headers: { authorization: `Bearer ${bearer}` },
    });

    // Assess
    expect(byCookie.status).toBe(401);
    expect(startByCookie.status).toBe(401);
    expect(test.executions).toEqual([]);
    expect(byBearer.status).toBe(200);
    expect(pageByBearer.status).toBe(200);
    expect(await pageByBearer.text()).not.toContain('action="/ui/sign-out"');
  });

  it.each([
    ["audience", { aud: "another-client" }, "its audience is not this client"],
    ["nonce", { nonce: "another-sign-in" }, "its nonce is not this sign-in's"],
    ["issuer", { iss: "https://evil.example" }, "its issuer is not OIDC_ISSUER"],
    ["expiry", { exp: Math.floor(Date.now() / 1000) - 60 }, "it has expired"],
    ["tenant", { tenant: "has space" }, 'no tenant in its claim "tenant"'],
  ])(
    "refuses an ID token with the wrong %s with a clear page, no session and no token in the log",
    async (_, claims, reason) => {
      // Prepare
      provider.claimsOverride = claims;

      // Act
      const { authorize, cookie } = await startSignIn();
      const back = await signInAtProvider(authorize, "al");
      const answer = await app.request(back, { headers: { cookie: cookieOf(cookie) } });
      const page = await answer.text();

      // Assess
      expect(answer.status).toBe(401);
      expect(setCookies(answer)[SESSION_COOKIE]).toBeUndefined();
      expect(page).toContain(escapeHtml(reason));
      expect(page).not.toMatch(/\bat .+:\d+:\d+|Error:|eyJ/);
      const code = new URL(back).searchParams.get("code") ?? "";
      expect(logged).toEqual([
        expect.objectContaining({ message: "sign-in refused", route: "/ui/signed-in" }),
      ]);
      const log = JSON.stringify(logged);
      expect(logged[0]?.error).toContain(reason);
      expect(log).not.toContain(code);
      expect(page).not.toContain(code);
      expect(log).not.toContain("eyJ");
    },
  );

  it("refuses a code the provider will not exchange twice", async () => {
    // Prepare
    const { authorize, cookie } = await startSignIn();
    const back = await signInAtProvider(authorize, "al");
    await app.request(back, { headers: { cookie: cookieOf(cookie) } });

    // Act
    const again = await app.request(back, { headers: { cookie: cookieOf(cookie) } });

    // Assess
    expect(again.status).toBe(401);
    expect(await again.text()).toContain(
      escapeHtml("the identity provider refused the sign-in's code (invalid_grant)"),
    );
  });

  it("says so with a 502 page when the provider cannot be reached", async () => {
    // Prepare
    const gone = await oidcTestProvider({ redirectUri: `${BATON}/ui/signed-in` });
    await gone.close();
    const unreachable = createApiApp(test.backend, {
      identity: async () => undefined,
      signIn: {
        client: oidcClient({ issuer: gone.issuer, clientId: "x" }),
        sessionKey: SESSION_KEY,
      },
      pageAssets: async () => assets,
      log: (entry) => logged.push(entry),
    });

    // Act
    const answer = await unreachable.request(`${BATON}/ui/sign-in`);

    // Assess
    expect(answer.status).toBe(502);
    expect(answer.headers.getSetCookie()).toEqual([]);
    expect(await answer.text()).toContain("The identity provider could not be used");
    expect(logged).toEqual([expect.objectContaining({ message: "identity provider failed" })]);
  });

  it("reads the discovery document once for many sign-ins", async () => {
    // Prepare
    const before = provider.discoveryReads;

    // Act
    await signIn("al");
    await signIn("bo");

    // Assess
    expect(provider.discoveryReads - before).toBe(1);
  });
});

describe("pages without OIDC_ISSUER", () => {
  it("have no sign-in routes and answer a page opened by nobody with the 401 page, as before", async () => {
    // Prepare
    const plain = createApiApp(test.backend, {
      identity: async () => undefined,
      pageAssets: async () => assets,
    });

    // Act
    const signInPage = await plain.request(`${BATON}/ui/sign-in`);
    const inbox = await plain.request(`${BATON}/ui/inbox`);

    // Assess
    expect(signInPage.status).toBe(404);
    expect(inbox.status).toBe(401);
  });
});

describe("safeNext", () => {
  it("answers a path of this site's pages for any input", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.webUrl(),
          fc.webPath().map((p) => `/ui${p}`),
        ),
        (next) => {
          // Act
          const safe = safeNext(next);

          // Assess
          const resolved = new URL(safe, BATON);
          expect(resolved.origin).toBe(BATON);
          expect(resolved.pathname).toMatch(/^\/ui(\/|$)/);
          expect(`${resolved.pathname}${resolved.search}`).toBe(safe);
        },
      ),
    );
  });

  it("keeps a page path with its query and drops what leaves the pages", () => {
    // Assess
    expect(safeNext("/ui/approvals/a1?done=1")).toBe("/ui/approvals/a1?done=1");
    expect(safeNext("/ui")).toBe("/ui");
    for (const next of ["/uix", "/v1/approvals", "", undefined, null, "javascript:alert(1)"]) {
      expect(safeNext(next)).toBe(DEFAULT_NEXT);
    }
  });
});

describe("secureCookies", () => {
  it("is off only for http on a loopback host", () => {
    // Assess
    expect(secureCookies("http://127.0.0.1:8080")).toBe(false);
    expect(secureCookies("http://localhost:8080")).toBe(false);
    expect(secureCookies("https://127.0.0.1")).toBe(true);
    expect(secureCookies("http://baton.example.com")).toBe(true);
    expect(secureCookies("https://baton.example.com")).toBe(true);
  });
});
