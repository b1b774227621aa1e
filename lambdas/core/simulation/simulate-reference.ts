import type { EngineOptions } from "../engine/engine-options.ts";
import type { ActionEffect, FlowAction } from "../engine/flow-action.ts";
import type { InstanceState } from "../engine/instance-state.ts";
import { ReferenceEngine } from "../engine/reference-engine.ts";
import type { Template } from "../model/template.ts";
import { reportOf, type SimulationReport } from "./simulation-report.ts";

/** One applied script step and where it left the instance. */
export interface SimulatedStep {
  action: FlowAction;
  effect: ActionEffect;
  state: InstanceState;
}

/** The outcome of a simulation: the §8 report, the final state and each step's trace. */
export interface SimulationRun {
  report: SimulationReport;
  /** The state after start, before the first step. */
  initial: InstanceState;
  steps: SimulatedStep[];
  state: InstanceState;
}

/**
 * Runs a script against the reference engine (SEMANTICS §8): starts the instance, then applies
 * the steps in order; a step whose node is not pending is ignored and reported.
 *
 * @example
 * simulateReference(template, { owner: "al" }, [{ node: "lead", act: "approve", by: "al" }])
 *   .report; // { status: "completed", nodes: { lead: "approved" }, ignored: [] }
 */
export function simulateReference(
  template: Template,
  input: unknown,
  script: readonly FlowAction[],
  options: EngineOptions = {},
): SimulationRun {
  const engine = new ReferenceEngine(template, options);
  const initial = engine.start(input);
  const steps: SimulatedStep[] = [];
  const ignored: number[] = [];
  let state = initial;
  script.forEach((action, index) => {
    const result = engine.apply(state, action);
    state = result.state;
    if (result.effect === "not-pending") ignored.push(index);
    steps.push({ action, effect: result.effect, state });
  });
  return { report: reportOf(template, state, ignored), initial, steps, state };
}
