import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decompose } from "../../lambdas/core/compiler/series-parallel.ts";
import { simulateReference } from "../../lambdas/core/simulation/simulate-reference.ts";
import { compileFlow, simulateAsl } from "../../lambdas/local/simulate-asl.ts";
import {
  fanOutScenarioArbitrary,
  type Scenario,
  scenarioArbitrary,
} from "../support/arbitraries.ts";

const FAILURES = ["rejected", "failed", "timedOut"];

/** Runs a scenario on both engines and asserts the same report. */
async function bothAgree({ template, input, script }: Scenario): Promise<void> {
  const reference = simulateReference(template, input, script).report;
  const asl = await simulateAsl(compileFlow(template), input, script);
  expect(asl.nodes).toEqual(reference.nodes);
  expect(asl.ignored).toEqual(reference.ignored);
  // SEMANTICS §4: two causes ending an instance at the same moment may report either.
  if (FAILURES.includes(reference.status) && FAILURES.includes(asl.status)) return;
  expect(asl.status).toBe(reference.status);
}

describe("compiled state machines mean what the reference engine means (fast-check)", () => {
  it("gives the same status and nodes for random templates and scripts, series-parallel or not", async () => {
    // Prepare
    let seriesParallel = 0;
    // Act and assess, per scenario
    await fc.assert(
      fc.asyncProperty(scenarioArbitrary(), async (scenario) => {
        if (decompose(scenario.template)) seriesParallel += 1;
        await bothAgree(scenario);
      }),
      { numRuns: 300 },
    );
    // Assess: both compilation strategies were exercised.
    expect(seriesParallel).toBeGreaterThan(60);
    expect(seriesParallel).toBeLessThan(240);
  }, 600_000);

  it("gives the same status and nodes for conditional fan-outs with defaults, nested", async () => {
    // Act and assess, per scenario: the shape of table-permission (a Choice before the Parallel
    // of the branches that may fire together, joins that need no dead-branch check).
    await fc.assert(fc.asyncProperty(fanOutScenarioArbitrary(), bothAgree), { numRuns: 150 });
  }, 600_000);
});
