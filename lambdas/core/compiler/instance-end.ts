import type { State } from "./asl.ts";
import { PLACEHOLDERS, RESOURCES } from "./resources.ts";
import type { StateNames } from "./state-names.ts";

/**
 * The states that end an instance with a status — a DynamoDB update that records it (which
 * also withdraws whatever is still pending), then Succeed — added to `states` once per status.
 * Returns the name of the first.
 *
 * @example
 * const first = endInstance(states, names, "completed"); // "End: completed"
 */
export function endInstance(
  states: Record<string, State>,
  names: StateNames,
  status: string,
): string {
  const name = `End: ${status}`;
  if (states[name]) return name;
  const done = names.take(`Done: ${status}`);
  states[names.take(name)] = {
    Type: "Task",
    Resource: RESOURCES.updateItem,
    Parameters: {
      TableName: PLACEHOLDERS.table,
      Key: { pk: { "S.$": "States.Format('instance#{}', $.instanceId)" }, sk: { S: "instance" } },
      UpdateExpression: "SET instanceStatus = :status",
      ExpressionAttributeValues: { ":status": { S: status } },
    },
    ResultPath: null,
    Next: done,
  };
  states[done] = { Type: "Succeed" };
  return name;
}
