import { afterAll, describe, expect, it } from "vitest";
import { DEV_TENANT, devIdentity } from "../../lambdas/api/dev-identity.ts";
import { oidcClient } from "../../lambdas/api/oidc/oidc-client.ts";
import { axeViolations, openPage, screenshot } from "../support/browser.ts";
import { browserSuite, olgasApproval } from "../support/browser-suite.ts";
import { type OidcTestProvider, oidcTestProvider } from "../support/oidc-test-provider.ts";

let provider: OidcTestProvider;

/** Baton signing people in with the loopback provider (a public client); the API keeps the dev header. */
const suite = browserSuite({
  pages: false,
  api: async () => {
    // The ID tokens name the tenant the dev API starts flows in.
    provider = await oidcTestProvider({ tenant: DEV_TENANT });
    return {
      identity: devIdentity(),
      devSignIn: false,
      signIn: {
        client: oidcClient({ issuer: provider.issuer, clientId: provider.clientId }),
        sessionKey: "s".repeat(43),
      },
    };
  },
});

afterAll(async () => {
  await provider?.close();
});

describe("signing in to the pages through an OpenID provider, in headless Chromium", () => {
  it("opens the inbox, signs in on the provider's page, sees the inbox, and signs out", async () => {
    // Prepare
    const { baton } = suite;
    provider.redirectUri = `${baton.url}/ui/signed-in`;
    const pending = await olgasApproval(baton);
    const page = await openPage(suite.browser, "desk");
    suite.watch(page);

    // Act
    await page.goto(`${baton.url}/ui/inbox?view=todo`);
    const atProvider = new URL(page.url());
    await page.fill("#user", "olga");
    await Promise.all([page.waitForURL(`${baton.url}/ui/inbox?view=todo`), page.click("button")]);
    const who = await page.locator("header.shell .who").textContent();
    const rows = await page.locator("tbody a.id").allTextContents();
    const cookies = await page.context().cookies(`${baton.url}/ui/inbox`);
    const violations = await axeViolations(page);
    await screenshot(page, "signed-in-inbox");
    await Promise.all([page.waitForURL(`${baton.url}/ui/signed-out`), page.click("text=Sign out")]);
    const signedOut = await page.locator("main").textContent();
    const signedOutViolations = await axeViolations(page);
    const cookiesAfter = await page.context().cookies(`${baton.url}/ui/inbox`);
    await page.goto(`${baton.url}/ui/inbox`);
    const againAt = new URL(page.url());

    // Assess
    expect(`${atProvider.origin}${atProvider.pathname}`).toBe(`${provider.issuer}/authorize`);
    expect(atProvider.searchParams.get("redirect_uri")).toBe(`${baton.url}/ui/signed-in`);
    expect(who).toBe("Signed in as olga");
    expect(rows).toContain(pending.instanceId);
    const session = cookies.find((cookie) => cookie.name === "baton_session");
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/ui" });
    expect(cookies.map((cookie) => cookie.name)).not.toContain("baton_sign_in");
    expect(violations).toEqual([]);
    expect(signedOut).toContain("You have signed out of Baton.");
    expect(signedOutViolations).toEqual([]);
    expect(cookiesAfter.map((cookie) => cookie.name)).not.toContain("baton_session");
    expect(`${againAt.origin}${againAt.pathname}`).toBe(`${provider.issuer}/authorize`);
  }, 60_000);
});
