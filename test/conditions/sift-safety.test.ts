import siftPackage from "sift";
import { afterEach, describe, expect, it } from "vitest";
import { createAllowlistedTester } from "../../lambdas/core/conditions/allowlisted-tester.ts";
import { ConditionRefusedError } from "../../lambdas/core/conditions/condition-refused-error.ts";
import { detachedCopy } from "../../lambdas/core/conditions/detached-copy.ts";
import { createSafeTester } from "../../lambdas/core/conditions/safe-query.ts";
import type { Query } from "../../lambdas/core/model/template.ts";

/** sift's default export: every operation, `$where` included. Only on trusted test data. */
const sift = siftPackage.default;

/** Code that leaves a mark on the global object if it ever runs. */
const CANARY_CODE = "(globalThis.__batonCanary = 1) === 1";
const canaryGlobal = globalThis as { __batonCanary?: unknown };
const prototype = Object.prototype as Record<string, unknown>;
const pollutedKeys: string[] = [];

/** Sets `key` on Object.prototype as an attacker's merge would; undone after each test. */
function pollute(key: string, value: unknown): void {
  pollutedKeys.push(key);
  prototype[key] = value;
}

afterEach(() => {
  for (const key of pollutedKeys.splice(0)) delete prototype[key];
  delete canaryGlobal.__batonCanary;
});

/** [where $where hides, query, a document on which sift's default export reaches it]. */
const HIDING_PLACES: [string, Query, unknown][] = [
  ["at query level", { $where: CANARY_CODE }, {}],
  ["inside $or", { $or: [{ a: 1 }, { $where: CANARY_CODE }] }, {}],
  ["inside $elemMatch", { a: { $elemMatch: { $where: CANARY_CODE } } }, { a: [1] }],
  ["inside $not", { a: { $not: { $where: CANARY_CODE } } }, { a: 1 }],
  ["inside $and in $nor", { $nor: [{ $and: [{ $where: CANARY_CODE }] }] }, {}],
  [
    "deep inside $or, $elemMatch and $not",
    { $or: [{ b: 1 }, { a: { $elemMatch: { x: { $not: { $where: CANARY_CODE } } } } }] },
    { a: [{ x: 1 }] },
  ],
];

describe("a string $where never runs", () => {
  it.each(HIDING_PLACES)(
    "CONTRAST, sift's default export: runs a string $where %s",
    (_where, query, document) => {
      // Prepare: the canary is not set
      expect(canaryGlobal.__batonCanary).toBeUndefined();
      // Act: what the project must never do with template data
      sift(query)(document);
      // Assess: the code ran, so this hiding place is a real attack
      expect(canaryGlobal.__batonCanary).toBe(1);
    },
  );

  it.each(HIDING_PLACES)(
    "createSafeTester refuses a string $where %s",
    (_where, query, document) => {
      // Act
      const act = () => createSafeTester(query)(document);
      // Assess
      expect(act).toThrow(ConditionRefusedError);
      expect(act).toThrow(/\$where is not allowed/);
      expect(canaryGlobal.__batonCanary).toBeUndefined();
    },
  );

  it.each(HIDING_PLACES)(
    "createAllowlistedTester, which does not check, has sift refuse a string $where %s",
    (_where, query, document) => {
      // Act: a query taken as checked, as the engine takes a validated template's
      const act = () => createAllowlistedTester(query)(document);
      // Assess: sift only knows the allowlist
      expect(act).toThrow("Unsupported operation: $where");
      expect(canaryGlobal.__batonCanary).toBeUndefined();
    },
  );

  it("checks and runs the same query, however its getters behave", () => {
    // Prepare: a condition that is harmless when first read and $where afterwards
    let reads = 0;
    const query = {
      get a() {
        reads += 1;
        return reads === 1 ? { $gt: 1 } : { $where: CANARY_CODE };
      },
    };
    // Act
    const holds = createSafeTester(query);
    const results = [holds({ a: 2 }), holds({ a: 0 })];
    // Assess
    expect(reads).toBe(1);
    expect(results).toEqual([true, false]);
    expect(canaryGlobal.__batonCanary).toBeUndefined();
  });

  it("refuses $where planted through a __proto__ key of parsed JSON", () => {
    const query = JSON.parse(`{ "__proto__": { "$where": "${CANARY_CODE}" }, "a": 1 }`);
    expect(() => createSafeTester(query)({ a: 1 })).toThrow(/path segment __proto__/);
    expect(canaryGlobal.__batonCanary).toBeUndefined();
  });

  it("refuses a query whose prototype an unsafe merge replaced with { $where }", () => {
    // Prepare: Object.assign runs the __proto__ setter, as naive merges do
    const query = Object.assign({}, JSON.parse(`{ "__proto__": { "$where": "${CANARY_CODE}" } }`));
    // Act
    const act = () => createSafeTester(query)({});
    // Assess
    expect(act).toThrow(/a query must be a plain object/);
    expect(canaryGlobal.__batonCanary).toBeUndefined();
  });
});

describe("a polluted Object.prototype changes nothing", () => {
  it("an inherited $where neither runs nor changes the outcome", () => {
    // Prepare. (sift 17.1.4 skips inherited query keys itself; this keeps it so for our path.)
    pollute("$where", CANARY_CODE);
    // Act
    const holds = createSafeTester({ "input.ok": true });
    const results = [holds({ input: { ok: true } }), holds({ input: { ok: false } })];
    // Assess
    expect(results).toEqual([true, false]);
    expect(canaryGlobal.__batonCanary).toBeUndefined();
  });

  it("an inherited operator in a field's condition is not applied", () => {
    pollute("$where", CANARY_CODE);
    pollute("$gt", 1000);
    const holds = createSafeTester({ a: { $gte: 1 } });
    expect(holds({ a: 2 })).toBe(true);
    expect(canaryGlobal.__batonCanary).toBeUndefined();
  });

  it("CONTRAST, sift's default export: reads a polluted key as a document value", () => {
    pollute("approved", true);
    const query = { "nodes.boss.output.approved": true };
    expect(sift(query)({ nodes: { boss: { output: {} } } })).toBe(true);
  });

  it.each([
    ["createSafeTester", createSafeTester],
    ["createAllowlistedTester (the engine's, on a validated template)", createAllowlistedTester],
  ])("%s does not read a polluted key as a document value", (_name, createTester) => {
    // Prepare: an attacker wants a branch to fire without the boss's approval
    pollute("approved", true);
    const holds = createTester({ "nodes.boss.output.approved": true });
    // Act
    const result = holds({ nodes: { boss: { output: {} } } });
    // Assess
    expect(result).toBe(false);
    expect(holds({ nodes: { boss: { output: { approved: true } } } })).toBe(true);
  });

  it.each<[string, Query, unknown, boolean]>([
    ["$eq", { x: { $eq: 1 } }, {}, false],
    ["$ne", { x: { $ne: 1 } }, {}, true],
    ["$nin", { x: { $nin: [1] } }, {}, true],
    ["$gt", { "a.b.x": { $gt: 0 } }, { a: { b: {} } }, false],
    ["$not", { x: { $not: { $eq: 1 } } }, {}, true],
    ["$elemMatch on objects", { a: { $elemMatch: { x: 1 } } }, { a: [{}] }, false],
    ["$or", { $or: [{ x: 1 }, { y: 2 }] }, {}, false],
  ])("a polluted value is missing under %s", (_operator, query, document, expected) => {
    // Prepare
    pollute("x", 1);
    // Act
    const result = createSafeTester(query)(document);
    // Assess: the same as without pollution, and unlike sift's default export
    expect(result).toBe(expected);
    expect(sift(query)(document)).toBe(!expected);
  });

  it.each<[string, Query, boolean]>([
    ["$size", { "a.x": { $size: 1 } }, false],
    ["$exists", { "a.x": { $exists: true } }, false],
    ["$elemMatch", { "a.x": { $elemMatch: { $eq: 5 } } }, false],
    ["$ne", { "a.x": { $ne: [5] } }, true],
    ["$nin", { "a.x": { $nin: [[5]] } }, true],
  ])("a polluted value read through an array is missing under %s", (_operator, query, expected) => {
    // Prepare: sift reads `a.x` on the array `a` itself too, which inherits from Object.prototype
    pollute("x", [5]);
    const document = { a: [] };
    // Act
    const result = createSafeTester(query)(document);
    // Assess
    expect(result).toBe(expected);
    expect(sift(query)(document)).toBe(!expected);
  });

  it("keeps working when toJSON, compare or operations are planted", () => {
    pollute("toJSON", "x");
    pollute("compare", "x");
    pollute("operations", { $where: CANARY_CODE });
    const holds = createSafeTester({ a: { $in: [{ b: 1 }] }, c: { $all: [2] } });
    expect(holds({ a: { b: 1 }, c: [1, 2] })).toBe(true);
    expect(holds({ a: { b: 2 }, c: [1, 2] })).toBe(false);
    expect(canaryGlobal.__batonCanary).toBeUndefined();
  });
});

describe("detachedCopy", () => {
  it("copies own keys, keeps __proto__ an ordinary key, and inherits nothing planted", () => {
    // Prepare
    pollute("planted", 1);
    const source = JSON.parse('{ "a": [1, { "b": 2 }], "__proto__": { "c": 3 } }');
    // Act
    const copy = detachedCopy(source) as Record<string, unknown>;
    // Assess
    expect(JSON.stringify(copy)).toBe('{"a":[1,{"b":2}],"__proto__":{"c":3}}');
    expect(Object.hasOwn(copy, "__proto__")).toBe(true);
    expect(copy.c).toBeUndefined();
    expect(copy.planted).toBeUndefined();
    expect((copy.a as Record<string, unknown>).planted).toBeUndefined();
    expect("planted" in (copy.a as object)).toBe(false);
    expect(Array.isArray(copy.a)).toBe(true);
  });

  it("keeps sparse arrays sparse, shared references shared and cycles cycles", () => {
    // Prepare
    const shared = { v: 1 };
    const cyclic: Record<string, unknown> = { shared, again: shared };
    cyclic.self = cyclic;
    // biome-ignore lint/suspicious/noSparseArray: a hole is what this test is about
    const sparse = [1, , 3];
    // Act
    const copy = detachedCopy({ cyclic, sparse }) as { cyclic: typeof cyclic; sparse: unknown[] };
    // Assess
    expect(copy.cyclic.self).toBe(copy.cyclic);
    expect(copy.cyclic.again).toBe(copy.cyclic.shared);
    expect(copy.cyclic.shared).not.toBe(shared);
    expect(copy.sparse.length).toBe(3);
    expect(1 in copy.sparse).toBe(false);
  });

  it("keeps dates and other class instances as they are", () => {
    const date = new Date(0);
    const copy = detachedCopy({ date }) as { date: Date };
    expect(copy.date).toBe(date);
  });
});
