import { describe, expect, it } from "vitest";
import type { EdgeState } from "../../lambdas/core/engine/instance-state.ts";
import { joinDecision } from "../../lambdas/core/engine/join-decision.ts";

const fired: EdgeState = { status: "fired" };
const dead: EdgeState = { status: "dead" };
const pending: EdgeState = { status: "pending" };
const rejected: EdgeState = { status: "poisoned", reason: "rejected" };
const failed: EdgeState = { status: "poisoned", reason: "failed" };
const timedOut: EdgeState = { status: "poisoned", reason: "timedOut" };

describe("joinDecision (SEMANTICS §4.3)", () => {
  it("join all: poisoned at once, else waits for every edge, then activates or skips", () => {
    expect(joinDecision("all", [rejected, pending])).toEqual({
      kind: "poison",
      reason: "rejected",
    });
    expect(joinDecision("all", [fired, pending])).toEqual({ kind: "wait" });
    expect(joinDecision("all", [fired, dead])).toEqual({ kind: "activate" });
    expect(joinDecision("all", [dead, dead])).toEqual({ kind: "skip" });
  });

  it("join any: activates on the first fired edge, else poisoned or skipped once none is pending", () => {
    expect(joinDecision("any", [fired, pending, rejected])).toEqual({ kind: "activate" });
    expect(joinDecision("any", [rejected, pending])).toEqual({ kind: "wait" });
    expect(joinDecision("any", [rejected, dead])).toEqual({ kind: "poison", reason: "rejected" });
    expect(joinDecision("any", [dead, dead])).toEqual({ kind: "skip" });
  });

  it("passes on the most severe poison: failed, then timedOut, then rejected", () => {
    expect(joinDecision("all", [rejected, timedOut])).toEqual({
      kind: "poison",
      reason: "timedOut",
    });
    expect(joinDecision("any", [rejected, failed, timedOut])).toEqual({
      kind: "poison",
      reason: "failed",
    });
  });
});
