import { expect } from "vitest";
import type { EngineOptions } from "../../lambdas/core/engine/engine-options.ts";
import type { FlowAction } from "../../lambdas/core/engine/flow-action.ts";
import type { Template } from "../../lambdas/core/model/template.ts";
import {
  type SimulationRun,
  simulateReference,
} from "../../lambdas/core/simulation/simulate-reference.ts";
import { compileFlow, simulateAsl } from "../../lambdas/local/simulate-asl.ts";

/**
 * Runs a script on the reference engine and on the compiled state machine, asserts that both
 * report the same (SEMANTICS §8), and returns the reference run for further assertions.
 */
export async function simulateBoth(
  template: Template,
  input: unknown,
  script: FlowAction[],
  options: EngineOptions = {},
): Promise<SimulationRun> {
  const run = simulateReference(template, input, script, options);
  const asl = await simulateAsl(compileFlow(template), input, script, options.directory);
  expect(asl, "the compiled state machine reports what the reference engine reports").toEqual(
    run.report,
  );
  return run;
}
