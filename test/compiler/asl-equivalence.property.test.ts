import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decompose } from "../../lambdas/core/compiler/series-parallel.ts";
import { simulateReference } from "../../lambdas/core/simulation/simulate-reference.ts";
import { compileFlow, simulateAsl } from "../../lambdas/local/simulate-asl.ts";
import { scenarioArbitrary } from "../support/arbitraries.ts";

const FAILURES = ["rejected", "failed", "timedOut"];

describe("compiled state machines mean what the reference engine means (fast-check)", () => {
  it("gives the same status and nodes for random series-parallel templates and scripts", async () => {
    const seriesParallel = scenarioArbitrary().filter(
      ({ template }) => decompose(template) !== undefined,
    );
    await fc.assert(
      fc.asyncProperty(seriesParallel, async ({ template, input, script }) => {
        const reference = simulateReference(template, input, script).report;
        const asl = await simulateAsl(compileFlow(template), input, script);
        expect(asl.nodes).toEqual(reference.nodes);
        expect(asl.ignored).toEqual(reference.ignored);
        if (FAILURES.includes(reference.status) && FAILURES.includes(asl.status)) return;
        expect(asl.status).toBe(reference.status);
      }),
      { numRuns: 300 },
    );
  }, 600_000);
});
