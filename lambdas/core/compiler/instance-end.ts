import { PLACEHOLDERS, RESOURCES } from "../contract/resources.ts";
import { statePath } from "../contract/state-paths.ts";
import { EXECUTION_KEY_IN_ASL } from "../contract/table-layout.ts";
import type { State } from "./asl.ts";
import type { StateNames } from "./state-names.ts";

/** The one state that records how an instance ended, and ends the execution. */
const RECORD_END = "Record end";

/**
 * Retries for the direct DynamoDB and EventBridge integrations (throttling, 5xx): 4 attempts,
 * with the ASL defaults (interval 1 s, backoff 2.0) left implicit to keep definitions small.
 */
export const SERVICE_RETRY = { ErrorEquals: ["States.ALL"], MaxAttempts: 4 };

/**
 * The states that end an instance with a status: a Pass naming the status, once per status,
 * then one shared DynamoDB update that records it — which also withdraws whatever is still
 * pending — and ends the execution. Returns the name of the Pass.
 *
 * @example
 * const first = endInstance(states, names, "completed"); // "End: completed"
 */
export function endInstance(
  states: Record<string, State>,
  names: StateNames,
  status: string,
): string {
  return endState(states, names, `End: ${status}`, { Result: status });
}

/**
 * The state that ends an instance poisoned by a join, with the reason the join passed on in
 * `$.why.Cause` (the cause of the `Baton.Poisoned` error it caught). Returns its name.
 *
 * @example
 * endInstancePassingOn(states, names); // "End: poisoned"
 */
export function endInstancePassingOn(states: Record<string, State>, names: StateNames): string {
  return endState(states, names, "End: poisoned", { InputPath: statePath("why", "Cause") });
}

/** A Pass that puts the status in `$.status`, made once, then the shared {@link RECORD_END}. */
function endState(
  states: Record<string, State>,
  names: StateNames,
  name: string,
  status: { Result: string } | { InputPath: string },
): string {
  if (states[name]) return name;
  if (!states[RECORD_END]) {
    states[names.take(RECORD_END)] = {
      Type: "Task",
      Resource: RESOURCES.updateItem,
      Parameters: {
        TableName: PLACEHOLDERS.table,
        Key: EXECUTION_KEY_IN_ASL,
        UpdateExpression: "SET instanceStatus = :status",
        ExpressionAttributeValues: { ":status": { "S.$": statePath("status") } },
      },
      ResultPath: null,
      Retry: [SERVICE_RETRY],
      End: true,
    };
  }
  states[names.take(name)] = {
    Type: "Pass",
    ...status,
    ResultPath: statePath("status"),
    Next: RECORD_END,
  };
  return name;
}

/** Whether a state is one of those {@link endInstance} writes. */
export function isEnding(states: Record<string, State>, name: string): boolean {
  const state = states[name];
  return state?.Type === "Pass" && state.Next === RECORD_END;
}
