import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pooledRandomBytes } from "../../lambdas/adapters/pooled-random-bytes.ts";
import { randomIds } from "../../lambdas/adapters/random-ids.ts";

describe("pooledRandomBytes", () => {
  it("property: hands out the size asked for, never the same bytes twice, across many refills of the pool", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 16, max: 700 }), { maxLength: 60 }), (sizes) => {
        const drawn = sizes.map((size) => pooledRandomBytes(size));
        expect(drawn.map((bytes) => bytes.length)).toEqual(sizes);
        // 16 bytes or more repeated would mean bytes handed out twice (or zeroed ones).
        const heads = drawn.map((bytes) => bytes.subarray(0, 16).toString("hex"));
        expect(new Set(heads).size).toBe(heads.length);
        expect(heads).not.toContain("0".repeat(32));
      }),
    );
  });

  it("keeps what it handed out: a caller changing its bytes changes nobody else's", () => {
    const first = pooledRandomBytes(32);
    const copy = Buffer.from(first);
    first.fill(0);
    const second = pooledRandomBytes(32);
    expect(second.equals(Buffer.alloc(32))).toBe(false);
    expect(copy.equals(second)).toBe(false);
  });

  it("draws a request larger than its pool on its own", () => {
    const large = pooledRandomBytes(10_000);
    expect(large).toHaveLength(10_000);
    expect(large.subarray(9_984).equals(Buffer.alloc(16))).toBe(false);
  });
});

describe("randomIds", () => {
  it("makes instance ids that sort by time, and callback and link ids of 26 Crockford characters, all distinct", () => {
    let now = Date.parse("2026-12-02T10:00:00.000Z");
    const ids = randomIds(() => new Date(now));
    const instances = Array.from({ length: 300 }, () => {
      now += 1;
      return ids.instanceId();
    });
    const others = Array.from({ length: 300 }, (_, index) =>
      index % 2 === 0 ? ids.callbackId() : ids.linkId(),
    );
    for (const id of [...instances, ...others]) expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect([...instances].sort()).toEqual(instances);
    expect(new Set([...instances, ...others]).size).toBe(600);
  });
});
