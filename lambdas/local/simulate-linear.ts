import type { StateMachine as LocalInterpreter } from "aws-local-stepfunctions";
import { linearFlowMachine } from "../core/compiler/linear-flow.ts";
import type { FlowAction } from "../core/engine/flow-action.ts";
import { type LinearStep, linearTemplate } from "../core/model/linear-chain.ts";
import type { SimulationReport } from "../core/simulation/simulation-report.ts";
import { LocalFlowRuntime } from "./local-flow-runtime.ts";
import { checkedInterpreter, runScript } from "./simulate-asl.ts";

let interpreter: LocalInterpreter | undefined;

/**
 * Runs a script against a dynamic linear flow on the built-in state machine, as
 * `simulateAsl` does for a template; node ids are `step-1`, `step-2`, ….
 *
 * @example
 * await simulateLinear([{ approvers: { users: ["lee"] } }], [{ node: "step-1", act: "approve", by: "lee" }]);
 * // { status: "completed", nodes: { "step-1": "approved" }, ignored: [] }
 */
export async function simulateLinear(
  steps: readonly LinearStep[],
  script: readonly FlowAction[],
): Promise<SimulationReport> {
  interpreter ??= checkedInterpreter("linear", linearFlowMachine());
  const template = linearTemplate(steps);
  const runtime = new LocalFlowRuntime(template, interpreter, {
    tenant: "default",
    id: "linear-simulation",
  });
  return runScript(runtime, template, {}, script, { steps });
}
