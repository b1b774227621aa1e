import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { LinearStep } from "../../lambdas/core/model/linear-chain.ts";
import { linearTemplate } from "../../lambdas/core/model/linear-chain.ts";
import { simulateReference } from "../../lambdas/core/simulation/simulate-reference.ts";
import { simulateLinear } from "../../lambdas/local/simulate-linear.ts";
import { aimedScriptArbitrary, USERS } from "../support/arbitraries.ts";

const chain: LinearStep[] = [
  { approvers: { users: ["lee"] } },
  { approvers: { groups: [["dana", "dmitri"], ["sre"]] }, mode: "all" },
  { approvers: { users: ["cfo"] } },
];

describe("dynamic linear flows (one built-in state machine, no template)", () => {
  it("completes once every step in the chain approved, in order", async () => {
    const report = await simulateLinear(chain, [
      { node: "step-2", act: "approve", by: "dana" },
      { node: "step-1", act: "approve", by: "lee" },
      { node: "step-2", act: "approve", by: "dmitri" },
      { node: "step-2", act: "approve", by: "sre" },
      { node: "step-3", act: "approve", by: "cfo" },
    ]);
    expect(report).toEqual({
      status: "completed",
      nodes: { "step-1": "approved", "step-2": "approved", "step-3": "approved" },
      ignored: [0],
    });
  });

  it("ends rejected at the first rejection; later steps never start", async () => {
    const report = await simulateLinear(chain, [
      { node: "step-1", act: "approve", by: "lee" },
      { node: "step-2", act: "reject", by: "sre" },
      { node: "step-3", act: "approve", by: "cfo" },
    ]);
    expect(report).toEqual({
      status: "rejected",
      nodes: { "step-1": "approved", "step-2": "rejected", "step-3": "idle" },
      ignored: [2],
    });
  });

  it("means what the same chain as a template means (fast-check)", async () => {
    const step: fc.Arbitrary<LinearStep> = fc.record({
      approvers: fc.oneof(
        fc.record({ users: fc.subarray([...USERS], { minLength: 1, maxLength: 3 }) }),
        fc.record({
          groups: fc.array(fc.subarray([...USERS], { minLength: 1, maxLength: 2 }), {
            minLength: 1,
            maxLength: 2,
          }),
        }),
      ),
      mode: fc.constantFrom("any", "all", "sequence" as const),
    });
    const scenario = fc
      .array(step, { minLength: 1, maxLength: 5 })
      .chain((steps) =>
        aimedScriptArbitrary(linearTemplate(steps), {}, 12).map((script) => ({ steps, script })),
      );
    await fc.assert(
      fc.asyncProperty(scenario, async ({ steps, script }) => {
        const reference = simulateReference(linearTemplate(steps), {}, script).report;
        expect(await simulateLinear(steps, script)).toEqual(reference);
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});
