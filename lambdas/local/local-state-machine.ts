import { StateMachine as LocalInterpreter } from "aws-local-stepfunctions";
import type { StateMachine } from "../core/compiler/asl.ts";

/** The longest timeout a Node timer can hold (2^31 − 1 ms), in whole seconds. */
const LONGEST_TIMER_SECONDS = 2_147_483;

type Definition = ConstructorParameters<typeof LocalInterpreter>[0];

/** Every Task state of a definition, branches included. */
export function* taskStates(machine: StateMachine): Generator<[string, Record<string, unknown>]> {
  for (const [name, state] of Object.entries(machine.States)) {
    if (state.Type === "Task") yield [name, state as unknown as Record<string, unknown>];
    if (state.Type === "Parallel") for (const branch of state.Branches) yield* taskStates(branch);
    if (state.Type === "Map") yield* taskStates(state.ItemProcessor);
  }
}

/**
 * Prepares a compiled definition for the local interpreter, which times Task states with its
 * own timers (60 s when no timeout is set, and a Node timer overflows past 24.8 days): every
 * Task gets the longest timeout a timer can hold, so that timeouts come only from the local
 * integration layer, which raises `States.Timeout` where the node has a `timeout`.
 *
 * @example
 * const interpreter = localStateMachine(compileTemplate(template));
 */
export function localStateMachine(definition: StateMachine): LocalInterpreter {
  const local = structuredClone(definition);
  for (const [, state] of taskStates(local)) {
    state.TimeoutSeconds = LONGEST_TIMER_SECONDS;
    delete state.HeartbeatSeconds;
  }
  return new LocalInterpreter(local as unknown as Definition, {
    validationOptions: { noValidate: true },
  });
}
