import { describe, expect, it } from "vitest";
import {
  TEMPLATE_SHARDS,
  templateShard,
  UNSETTLED_SHARDS,
  unsettledShard,
} from "../../lambdas/core/contract/table-layout.ts";

describe("templateShard", () => {
  it("is FNV-1a of the id mod TEMPLATE_SHARDS, so stored instances never move", () => {
    expect(
      ["", "a", "01JF3Q0000000000000000000A", "01JF3Q0000000000000000000B"].map(templateShard),
    ).toEqual([5, 4, 1, 0]);
  });

  it("spreads time-ordered ids over every shard about evenly", () => {
    const counts = new Array<number>(TEMPLATE_SHARDS).fill(0);
    for (let index = 0; index < 8000; index += 1) {
      const id = `01JF3Q${index.toString(32).toUpperCase().padStart(20, "0")}`;
      counts[templateShard(id)] = (counts[templateShard(id)] ?? 0) + 1;
    }

    expect(Math.min(...counts)).toBeGreaterThan(800);
    expect(Math.max(...counts)).toBeLessThan(1200);
  });
});

describe("unsettledShard", () => {
  it("is FNV-1a of the id mod UNSETTLED_SHARDS, so an unsettled instance's entry never changes shard", () => {
    expect(
      ["", "a", "01JF3Q0000000000000000000A", "01JF3Q0000000000000000000B"].map(unsettledShard),
    ).toEqual([5, 12, 9, 0]);
  });

  it("spreads time-ordered ids over every shard about evenly", () => {
    const counts = new Array<number>(UNSETTLED_SHARDS).fill(0);
    for (let index = 0; index < 16000; index += 1) {
      const id = `01JF3Q${index.toString(32).toUpperCase().padStart(20, "0")}`;
      counts[unsettledShard(id)] = (counts[unsettledShard(id)] ?? 0) + 1;
    }

    expect(Math.min(...counts)).toBeGreaterThan(800);
    expect(Math.max(...counts)).toBeLessThan(1200);
  });
});
