import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { keyedHmac, keyedHmacHolds } from "../../lambdas/api/keyed-hmac.ts";
import { linkCsrfHolds, linkCsrfToken } from "../../lambdas/api/link-csrf-token.ts";
import { pageCsrfHolds, pageCsrfToken } from "../../lambdas/api/pages/page-csrf.ts";

const KEY = "k".repeat(43);
const purposes = fc.stringMatching(/^[a-z.-]{1,20}$/);

describe("keyedHmac", () => {
  it("is the HMAC-SHA-256 of the purpose line and the message, so tokens made before it hold", () => {
    // Act
    const link = linkCsrfToken(KEY, "link-1");
    const page = pageCsrfToken(KEY, { tenant: "acme", user: "al" }, "decide:a1");

    // Assess
    const mac = (text: string) => createHmac("sha256", KEY).update(text).digest("base64url");
    expect(link).toBe(mac("baton.link-csrf\nlink-1"));
    expect(page).toBe(mac("baton.page-csrf\nacme\nal\ndecide:a1"));
    expect(linkCsrfHolds(KEY, "link-1", link)).toBe(true);
    expect(pageCsrfHolds(KEY, { tenant: "acme", user: "al" }, "decide:a1", page)).toBe(true);
  });

  it("holds only for the same key, purpose and message", () => {
    fc.assert(
      fc.property(purposes, purposes, fc.string(), fc.string(), (p1, p2, m1, m2) => {
        // Act
        const token = keyedHmac(KEY, p1, m1);

        // Assess
        expect(keyedHmacHolds(KEY, p1, m1, token)).toBe(true);
        expect(keyedHmacHolds(KEY, p2, m2, token)).toBe(p1 === p2 && m1 === m2);
        expect(keyedHmacHolds("o".repeat(43), p1, m1, token)).toBe(false);
      }),
    );
  });

  it("does not hold for a missing, shortened or non-string token", () => {
    // Prepare
    const token = keyedHmac(KEY, "baton.x", "m");

    // Assess
    for (const given of [undefined, null, 42, "", token.slice(1), `${token}A`]) {
      expect(keyedHmacHolds(KEY, "baton.x", "m", given)).toBe(false);
    }
  });
});
