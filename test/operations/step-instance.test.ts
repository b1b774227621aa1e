import { describe, expect, it } from "vitest";
import { MemoryLoopStateStore } from "../../lambdas/adapters/memory/memory-loop-state-store.ts";
import { ReferenceEngine } from "../../lambdas/core/engine/reference-engine.ts";
import { stepInstance } from "../../lambdas/core/operations/step-instance.ts";
import { approval, flow, gateway } from "../support/template-builder.ts";

/** Starts an instance of a template on the step function and returns what it needs to go on. */
async function started(edges: string[], join: "all" | "any" = "all") {
  const used = new Set(edges.flatMap((edge) => edge.split(">")));
  const nodes = [approval("a", ["ann"]), approval("b", ["bob"]), approval("c", ["cy"])];
  const template = flow([...nodes.filter((node) => used.has(node.id)), gateway("j", join)], edges);
  const engine = new ReferenceEngine(template);
  const store = new MemoryLoopStateStore();
  const start = await stepInstance(engine, store, {
    action: "start",
    instance: { tenant: "default", id: "i-1" },
    input: {},
  });
  const complete = (node: string, parked: string[]) =>
    stepInstance(engine, store, {
      action: "complete",
      instance: { tenant: "default", id: "i-1" },
      completion: { node, outcome: "approved", output: {} },
      parked,
    });
  return { start, complete };
}

describe("stepInstance: when the scheduler loop must stop a round and park again", () => {
  it("keeps the round going when the other parked nodes still cover what is pending", async () => {
    // Prepare: a and b parked, both needed by j (join all)
    const { start, complete } = await started(["start>a", "start>b", "a>j", "b>j", "j>c", "c>end"]);
    expect(start.pending.map((p) => p.node)).toEqual(["a", "b"]);

    // Act
    const result = await complete("a", ["a", "b"]);

    // Assess: b stays parked, nothing new to park
    expect(result.pending.map((p) => p.node)).toEqual(["b"]);
    expect(result.resume).toBe(false);
  });

  it("stops the round when a completion makes a node pending that is not parked", async () => {
    // Prepare: a leads to c on its own while b is parked
    const { complete } = await started(["start>a", "start>b", "a>c", "c>j", "b>j", "j>end"]);

    // Act
    const result = await complete("a", ["a", "b"]);

    // Assess
    expect(result.pending.map((p) => p.node)).toEqual(["b", "c"]);
    expect(result.resume).toBe(true);
  });

  it("stops the round when a completion cancels a parked node", async () => {
    // Prepare: a race at j (join any), c after it
    const { complete } = await started(["start>a", "start>b", "a>j", "b>j", "j>c", "c>end"], "any");

    // Act
    const result = await complete("a", ["a", "b"]);

    // Assess: b lost the race; its parked Task must be stopped
    expect(result.resume).toBe(true);
  });

  it("stops the round when the instance ends", async () => {
    // Prepare
    const { complete } = await started(["start>a", "start>b", "a>j", "b>j", "j>end"], "any");

    // Act
    const result = await complete("b", ["a", "b"]);

    // Assess
    expect(result.status).toBe("completed");
    expect(result.resume).toBe(true);
  });
});
