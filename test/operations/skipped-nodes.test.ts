import { describe, expect, it } from "vitest";
import { staticDirectory } from "../../lambdas/core/approval/directory.ts";
import { mayKillEdges, skippedNodes } from "../../lambdas/core/operations/skipped-nodes.ts";
import type { HistoryEntry } from "../../lambdas/core/records/history-entry.ts";
import { approval, flow } from "../support/template-builder.ts";

describe("mayKillEdges (whether a completion is worth a replay for skipped nodes)", () => {
  const template = flow(
    [approval("lead", ["al"]), approval("cfo", ["cy"]), approval("fix", ["fa"])],
    [
      "start>lead",
      { from: "lead", to: "cfo", when: { "input.amount": { $gt: 10 } } },
      { from: "lead", to: "end", default: true },
      "cfo>end",
      { from: "cfo", to: "fix", on: "rejected" },
      "fix>end",
    ],
  );

  it("is false where every outgoing edge is plain and follows the outcome, true where one can die", () => {
    expect(mayKillEdges(template, "start", "succeeded")).toBe(false);
    expect(mayKillEdges(template, "fix", "approved")).toBe(false);
    expect(mayKillEdges(template, "lead", "approved")).toBe(true);
    expect(mayKillEdges(template, "cfo", "approved")).toBe(true);
    expect(mayKillEdges(template, "fix", "rejected")).toBe(true);
    expect(mayKillEdges(template, "nope", "approved")).toBe(false);
  });
});

describe("skippedNodes (the replay of an instance's recorded outcomes)", () => {
  const template = flow(
    [approval("lead", ["al"]), approval("cfo", ["cy"])],
    [
      "start>lead",
      { from: "lead", to: "cfo", when: { "input.amount": { $gt: 10 } } },
      { from: "lead", to: "end", default: true },
      "cfo>end",
    ],
    { input: { type: "object", required: ["amount"], properties: { amount: { type: "number" } } } },
  );
  const completed = (nodeId: string, outcome: string): HistoryEntry => ({
    tenant: "default",
    instanceId: "i-1",
    seq: 1,
    at: "2026-12-02T09:00:00.000Z",
    type: "node.completed",
    nodeId,
    detail: { outcome, output: {} },
    prev: "",
    hash: "",
  });

  it("finds the nodes whose every incoming edge died, on the input as stored (checked at the start, not again)", () => {
    const history = [completed("lead", "approved")];
    expect(skippedNodes(template, staticDirectory(), { amount: 5 }, history)).toEqual(["cfo"]);
    expect(skippedNodes(template, staticDirectory(), { amount: 50 }, history)).toEqual([]);
    expect(skippedNodes(template, staticDirectory(), {}, history)).toEqual(["cfo"]);
  });
});
