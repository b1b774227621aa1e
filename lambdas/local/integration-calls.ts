import type { Backend } from "../core/backend/backend.ts";
import type {
  ConditionsRequest,
  ConditionsResult,
  InstanceRef,
} from "../core/contract/handler-payloads.ts";
import { EXECUTION_SORT_KEY, instanceOfPartition } from "../core/contract/table-layout.ts";
import type { InstanceStatus } from "../core/engine/instance-state.ts";
import { evaluateConditions } from "../core/operations/evaluate-conditions.ts";
import { withdrawNodes } from "../core/operations/withdraw-nodes.ts";

/** The DynamoDB `updateItem` input of the compiled machine's writes (`Record end`, `Withdraw …`). */
export interface UpdateItemInput {
  Key: { pk: { S: string }; sk: { S: string } };
  UpdateExpression: string;
  ExpressionAttributeValues: Record<string, { S?: string; SS?: string[] }>;
}

/** What one of the machine's writes on an instance's execution item says. */
export type MachineWrite =
  | { instance: InstanceRef; withdrawn: string[] }
  | { instance: InstanceRef; status: Exclude<InstanceStatus, "running"> };

/**
 * Reads one of the compiled machine's `updateItem` writes: `ADD withdrawn` names the nodes a
 * stopped branch withdraws, anything else is `Record end` with the instance's status. Throws a
 * `TypeError` for a key that is not an instance's execution item, or an end without a status.
 *
 * @example
 * machineWrite({
 *   Key: { pk: { S: "default#I#01J" }, sk: { S: "E" } },
 *   UpdateExpression: "ADD withdrawn :nodes",
 *   ExpressionAttributeValues: { ":nodes": { SS: ["legal"] } },
 * }); // { instance: { tenant: "default", id: "01J" }, withdrawn: ["legal"] }
 */
export function machineWrite(input: UpdateItemInput): MachineWrite {
  const instance = instanceOfPartition(input.Key.pk.S);
  if (!instance || input.Key.sk.S !== EXECUTION_SORT_KEY) {
    throw new TypeError(`updateItem of ${JSON.stringify(input.Key)}, not an execution item`);
  }
  const values = input.ExpressionAttributeValues;
  if (input.UpdateExpression.startsWith("ADD withdrawn")) {
    return { instance, withdrawn: values[":nodes"]?.SS ?? [] };
  }
  const status = values[":status"]?.S;
  if (status === undefined) throw new TypeError("Record end without a :status");
  return { instance, status: status as Exclude<InstanceStatus, "running"> };
}

/**
 * Applies one of the machine's writes as AWS does: it lands on the execution facts, and a
 * withdrawal then closes the withdrawn nodes' pending work (on AWS from the table's change
 * stream). An end only records the status: the reconciler ends the instance once the execution
 * ended.
 *
 * @example
 * await applyMachineWrite(backend, { instance: { tenant: "default", id: "01J" }, status: "completed" });
 */
export async function applyMachineWrite(backend: Backend, write: MachineWrite): Promise<void> {
  const { tenant, id } = write.instance;
  if ("withdrawn" in write) {
    await backend.stores.executionFacts.addWithdrawn(tenant, id, write.withdrawn);
    await withdrawNodes(backend, tenant, id, write.withdrawn);
  } else {
    await backend.stores.executionFacts.recordEnd(tenant, id, write.status);
  }
}

/**
 * The conditions function's answer to a {@link ConditionsRequest}: one verdict per query key.
 *
 * @example
 * answerConditions({ queries: { e1: { "input.amount": { $gt: 10 } } }, input: { amount: 12 }, nodes: {} });
 * // { e1: true }
 */
export function answerConditions(request: ConditionsRequest): ConditionsResult {
  return evaluateConditions(request.queries, { input: request.input, nodes: request.nodes });
}
