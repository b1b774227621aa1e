import { describe, expect, it } from "vitest";
import { randomSecrets } from "../../lambdas/adapters/random-secrets.ts";

describe("randomSecrets", () => {
  it("makes three distinct keys of 256 bits as base64url, fresh each time", () => {
    const secrets = randomSecrets();
    const keys = Object.values(secrets);

    expect(Object.keys(secrets).sort()).toEqual(["auditKey", "callbackKey", "linkKey"]);
    for (const key of keys) {
      expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(key, "base64url")).toHaveLength(32);
    }
    expect(new Set(keys).size).toBe(3);
    expect(randomSecrets().callbackKey).not.toBe(secrets.callbackKey);
  });
});
