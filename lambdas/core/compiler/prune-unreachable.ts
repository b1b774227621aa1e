import type { State, StateMachine } from "./asl.ts";

/** The states a state can move to next. */
function targets(state: State): string[] {
  const next: string[] = [];
  if ("Next" in state && state.Next) next.push(state.Next);
  if (state.Type === "Choice") {
    next.push(...state.Choices.map((choice) => choice.Next));
    if (state.Default) next.push(state.Default);
  }
  if ("Catch" in state && state.Catch) next.push(...state.Catch.map((catcher) => catcher.Next));
  return next;
}

/**
 * Drops the states no transition reaches, in the machine and in every branch and item
 * processor (ASL refuses unreachable states). The compiler writes a chain from its last node
 * back, which can leave the states of a node that routing proves can never run.
 *
 * @example
 * pruneUnreachable({ StartAt: "A", States: { A: { Type: "Fail", Error: "E" }, B: { Type: "Fail", Error: "E" } } });
 * // { StartAt: "A", States: { A: { Type: "Fail", Error: "E" } } }
 */
export function pruneUnreachable(machine: StateMachine): StateMachine {
  const seen = new Set<string>();
  const queue = [machine.StartAt];
  for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
    const state = machine.States[name];
    if (seen.has(name) || !state) continue;
    seen.add(name);
    queue.push(...targets(state));
  }
  const states: Record<string, State> = {};
  for (const [name, state] of Object.entries(machine.States)) {
    if (!seen.has(name)) continue;
    if (state.Type === "Parallel")
      states[name] = { ...state, Branches: state.Branches.map(pruneUnreachable) };
    else if (state.Type === "Map") {
      states[name] = {
        ...state,
        ItemProcessor: { ...state.ItemProcessor, ...pruneUnreachable(state.ItemProcessor) },
      };
    } else states[name] = state;
  }
  return { ...machine, States: states };
}
