import aslValidator from "asl-validator";
import type { StateMachine as LocalInterpreter } from "aws-local-stepfunctions";
import type { Directory } from "../core/approval/directory.ts";
import type { StateMachine } from "../core/compiler/asl.ts";
import { compileTemplate } from "../core/compiler/compile-template.ts";
import type { InstanceRef } from "../core/contract/handler-payloads.ts";
import type { FlowAction } from "../core/engine/flow-action.ts";
import type { Template } from "../core/model/template.ts";
import { reportOf, type SimulationReport } from "../core/simulation/simulation-report.ts";
import { AslDefinitionRefusedError } from "./asl-definition-refused-error.ts";
import { LocalFlowRuntime } from "./local-flow-runtime.ts";
import { localStateMachine } from "./local-state-machine.ts";

/** The instance every simulation runs, in the tenant of a single-tenant deployment. */
const SIMULATED: InstanceRef = { tenant: "default", id: "simulation" };

/** A template compiled, checked and loaded into the local interpreter, ready to run many times. */
export interface CompiledFlow {
  template: Template;
  definition: StateMachine;
  interpreter: LocalInterpreter;
}

/**
 * Compiles a template, checks the definition once with `asl-validator` (on a copy: it mutates
 * its input) and loads it into the local interpreter.
 *
 * @throws AslDefinitionRefusedError when the compiled definition is not valid ASL
 * @example
 * const flow = compileFlow(template);
 */
export function compileFlow(template: Template): CompiledFlow {
  const definition = compileTemplate(template);
  return { template, definition, interpreter: checkedInterpreter(template.id, definition) };
}

/**
 * Checks a definition once with `asl-validator` (on a copy: it mutates its input) and loads it
 * into the local interpreter.
 *
 * @throws AslDefinitionRefusedError when the definition is not valid ASL
 * @example
 * const interpreter = checkedInterpreter("linear", linearFlowMachine());
 */
export function checkedInterpreter(name: string, definition: StateMachine): LocalInterpreter {
  const { isValid, errors } = aslValidator(structuredClone(definition));
  if (!isValid) {
    throw new AslDefinitionRefusedError(
      name,
      errors.map((error) => `${error["Error code"]}: ${error.Message}`),
    );
  }
  return localStateMachine(definition);
}

/**
 * Starts a runtime and applies a script to it (SEMANTICS §8): a step whose node is not pending
 * is ignored and reported.
 *
 * @param extra - more fields of the execution input. @default {}
 * @example
 * const report = await runScript(runtime, template, input, script);
 */
export async function runScript(
  runtime: LocalFlowRuntime,
  template: Template,
  input: unknown,
  script: readonly FlowAction[],
  extra: Record<string, unknown> = {},
): Promise<SimulationReport> {
  await runtime.start(input, extra);
  const ignored: number[] = [];
  for (const [index, action] of script.entries()) {
    if ((await runtime.act(action)) === "not-pending") ignored.push(index);
  }
  return reportOf(template, { status: runtime.status, nodes: runtime.ledger.nodes }, ignored);
}

/**
 * SEMANTICS §8 with `--engine asl`: runs a script against the compiled state machine on the
 * local interpreter with Baton's handlers in-process. Before each step the instance runs until
 * nothing can move without a decision; a step whose node is not pending is ignored and reported.
 *
 * @param directory - resolves `approvers: { role }`. @default every role empty
 * @example
 * const report = await simulateAsl(compileFlow(template), { owner: "al" }, script);
 */
export async function simulateAsl(
  flow: CompiledFlow,
  input: unknown,
  script: readonly FlowAction[],
  directory?: Directory,
): Promise<SimulationReport> {
  const runtime = new LocalFlowRuntime(flow.template, flow.interpreter, SIMULATED, directory);
  return runScript(runtime, flow.template, input, script);
}
