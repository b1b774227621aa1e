import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { signEvent, verifyEvent } from "../../lambdas/core/security/event-signature.ts";

const SECRET = "s3cret-of-the-ci-plugin";
const BODY = '{"version":"0","detail-type":"flow.ended","detail":{"instanceId":"01J"}}';
const NOW = 1_796_000_000;

describe("event signatures", () => {
  it('are t=<seconds>,sha256=<hex HMAC-SHA-256 of "{t}\\n{body}"> under the plugin\'s secret', () => {
    const expected = createHmac("sha256", SECRET).update(`${NOW}\n${BODY}`).digest("hex");
    expect(signEvent(SECRET, BODY, NOW)).toBe(`t=${NOW},sha256=${expected}`);
  });

  it("verify for the same secret and body within five minutes, either way", () => {
    const signature = signEvent(SECRET, BODY, NOW);
    expect(verifyEvent(SECRET, BODY, signature, NOW)).toBe(true);
    expect(verifyEvent(SECRET, BODY, signature, NOW + 300)).toBe(true);
    expect(verifyEvent(SECRET, BODY, signature, NOW - 300)).toBe(true);
  });

  it("are refused when older (or newer) than the tolerance: a replay", () => {
    const signature = signEvent(SECRET, BODY, NOW);
    expect(verifyEvent(SECRET, BODY, signature, NOW + 301)).toBe(false);
    expect(verifyEvent(SECRET, BODY, signature, NOW - 301)).toBe(false);
    expect(verifyEvent(SECRET, BODY, signature, NOW + 3600, 7200)).toBe(true);
  });

  it("are refused with another secret, a re-dated time or a malformed header", () => {
    const signature = signEvent(SECRET, BODY, NOW);
    expect(verifyEvent("another", BODY, signature, NOW)).toBe(false);
    expect(verifyEvent(SECRET, BODY, signature.replace(`t=${NOW}`, `t=${NOW + 1}`), NOW)).toBe(
      false,
    );
    for (const malformed of [undefined, "", "sha256=abc", `t=${NOW}`, `${signature},extra`]) {
      expect(verifyEvent(SECRET, BODY, malformed, NOW)).toBe(false);
    }
  });

  it("are refused for any change of the body", () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), fc.nat(), (body, extra, at) => {
        const signature = signEvent(SECRET, body, at);
        expect(verifyEvent(SECRET, body, signature, at)).toBe(true);
        expect(verifyEvent(SECRET, `${body}${extra}`, signature, at)).toBe(false);
      }),
    );
  });
});
