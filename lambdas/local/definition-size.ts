import type { StateMachine } from "../core/compiler/asl.ts";

/** How big a compiled definition is, as Step Functions counts and caps it. */
export interface DefinitionSize {
  /** Every state, those inside Parallel branches and Map item processors included. */
  states: number;
  /** UTF-8 bytes of the definition as compact JSON (`JSON.stringify` without spaces). */
  bytes: number;
  /** `bytes` divided by the template's nodes (`start` and `end` included). */
  bytesPerNode: number;
}

/** The Step Functions cap on a state machine definition: 1 MB (1,048,576 bytes). */
export const DEFINITION_LIMIT_BYTES = 1_048_576;

/**
 * Counts every state of a definition, recursing into the branches of Parallel states and the
 * item processors of Map states.
 *
 * @example
 * countStates({ StartAt: "A", States: { A: { Type: "Succeed" } } }); // 1
 */
export function countStates(machine: StateMachine): number {
  let count = 0;
  for (const state of Object.values(machine.States)) {
    count += 1;
    if (state.Type === "Parallel") {
      for (const branch of state.Branches) count += countStates(branch);
    }
    if (state.Type === "Map") count += countStates(state.ItemProcessor);
  }
  return count;
}

/**
 * The size of a compiled definition: its states, its bytes as compact JSON, and the bytes per
 * template node.
 *
 * @param nodes - how many nodes the template has, `start` and `end` included
 * @example
 * definitionSize(compileTemplate(template), template.nodes.length);
 * // { states: 54, bytes: 14512, bytesPerNode: 2418.7 }
 */
export function definitionSize(definition: StateMachine, nodes: number): DefinitionSize {
  const bytes = Buffer.byteLength(JSON.stringify(definition), "utf8");
  return {
    states: countStates(definition),
    bytes,
    bytesPerNode: Math.round((bytes / Math.max(nodes, 1)) * 10) / 10,
  };
}
