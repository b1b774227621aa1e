import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sessionCookie, sessionIdentity } from "../../lambdas/api/pages/page-session.ts";
import {
  newSignInState,
  signInCookie,
  signInStateOf,
} from "../../lambdas/api/pages/sign-in-state.ts";

const KEY = "k".repeat(43);
const NOW = new Date("2026-12-02T12:00:00Z");
const ids = fc.stringMatching(/^[A-Za-z0-9._@+-]{1,128}$/);

/** The `Cookie` header a browser sends back for a `Set-Cookie` line. */
const sentBack = (setCookie: string) => setCookie.split(";")[0] ?? "";

describe("the session cookie", () => {
  it("names the identity it was made for until it expires, and nobody after", () => {
    fc.assert(
      fc.property(ids, ids, fc.integer({ min: 1, max: 86_400 }), (tenant, user, seconds) => {
        // Prepare
        const expires = new Date(NOW.getTime() + seconds * 1000);
        const cookie = sentBack(sessionCookie(KEY, { tenant, user }, expires, true, NOW));

        // Assess
        expect(sessionIdentity(KEY, cookie, NOW)).toEqual({ tenant, user });
        expect(sessionIdentity(KEY, cookie, expires)).toBeUndefined();
        expect(sessionIdentity("o".repeat(43), cookie, NOW)).toBeUndefined();
      }),
    );
  });

  it("names nobody once any character of its value is changed", () => {
    fc.assert(
      fc.property(ids, fc.nat(), fc.constantFrom(..."AZaz09-_."), (user, at, replacement) => {
        // Prepare
        const expires = new Date(NOW.getTime() + 3_600_000);
        const cookie = sentBack(sessionCookie(KEY, { tenant: "acme", user }, expires, true, NOW));
        const start = "baton_session=".length;
        const index = start + (at % (cookie.length - start));
        fc.pre(cookie[index] !== replacement);
        const changed = `${cookie.slice(0, index)}${replacement}${cookie.slice(index + 1)}`;

        // Assess
        expect(sessionIdentity(KEY, changed, NOW)).toBeUndefined();
      }),
    );
  });

  it("is not taken for a sign-in cookie, nor the other way round (each HMAC has its purpose)", () => {
    // Prepare
    const started = newSignInState("/ui/inbox", NOW);
    const signIn = sentBack(signInCookie(KEY, started, true));
    const session = sentBack(
      sessionCookie(
        KEY,
        { tenant: "acme", user: "al" },
        new Date(NOW.getTime() + 60_000),
        true,
        NOW,
      ),
    );
    const swap = (cookie: string, name: string) =>
      `${name}=${cookie.slice(cookie.indexOf("=") + 1)}`;

    // Assess
    expect(signInStateOf(KEY, signIn, NOW)).toEqual(started);
    expect(sessionIdentity(KEY, swap(signIn, "baton_session"), NOW)).toBeUndefined();
    expect(signInStateOf(KEY, swap(session, "baton_sign_in"), NOW)).toBeUndefined();
  });
});
