import aslValidator from "asl-validator";
import { linearFlowMachine } from "../core/compiler/linear-flow.ts";
import type { FlowAction } from "../core/engine/flow-action.ts";
import { type LinearStep, linearTemplate } from "../core/model/linear-chain.ts";
import { reportOf, type SimulationReport } from "../core/simulation/simulation-report.ts";
import { AslDefinitionRefusedError } from "./asl-definition-refused-error.ts";
import { LocalFlowRuntime } from "./local-flow-runtime.ts";
import { localStateMachine } from "./local-state-machine.ts";

const definition = linearFlowMachine();
let interpreter: ReturnType<typeof localStateMachine> | undefined;

/** The built-in linear machine in the local interpreter, checked with asl-validator once. */
function linearInterpreter(): ReturnType<typeof localStateMachine> {
  if (!interpreter) {
    const { isValid, errors } = aslValidator(structuredClone(definition));
    if (!isValid) {
      throw new AslDefinitionRefusedError(
        "linear",
        errors.map((error) => `${error["Error code"]}: ${error.Message}`),
      );
    }
    interpreter = localStateMachine(definition);
  }
  return interpreter;
}

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
  const template = linearTemplate(steps);
  const runtime = new LocalFlowRuntime(template, linearInterpreter(), "linear-simulation");
  await runtime.start({}, { steps });
  const ignored: number[] = [];
  for (const [index, action] of script.entries()) {
    if ((await runtime.act(action)) === "not-pending") ignored.push(index);
  }
  return reportOf(template, { status: runtime.status, nodes: runtime.ledger.nodes }, ignored);
}
