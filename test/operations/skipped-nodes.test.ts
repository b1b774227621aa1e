import { describe, expect, it } from "vitest";
import { mayKillEdges } from "../../lambdas/core/operations/skipped-nodes.ts";
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
