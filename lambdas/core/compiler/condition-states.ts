import { PLACEHOLDERS, RESOURCES } from "../contract/resources.ts";
import { carried, invokeResultPath, statePath } from "../contract/state-paths.ts";
import type { JsonValue, PassState, TaskState } from "./asl.ts";
import { Measures } from "./measures.ts";
import { LAMBDA_RETRY } from "./node-tasks.ts";

/**
 * The `Measure after <node>` Pass: computes what the native Choice rules on arrays routing a
 * node's edges test (intrinsic functions, no Lambda), into `$.m`.
 *
 * @example
 * measurePass(measures, "Route owner to security").ResultPath; // "$.m"
 */
export function measurePass(measures: Measures, next: string): PassState {
  return {
    Type: "Pass",
    Parameters: measures.parameters(),
    ResultPath: Measures.PATH,
    Next: next,
  };
}

/**
 * The `Evaluate after <node>` Task: asks the conditions function for its verdicts on the `when`
 * queries of a node's edges that are not native Choice rules (keyed `e<edge index>`), into
 * `$.when.r`.
 *
 * @example
 * evaluateTask({ e3: { "nodes.lead.output.ok": true } }, "Route lead to pay").ResultPath; // "$.when"
 */
export function evaluateTask(queries: Record<string, JsonValue>, next: string): TaskState {
  return {
    Type: "Task",
    Resource: RESOURCES.lambdaInvoke,
    Parameters: {
      FunctionName: PLACEHOLDERS.conditionsFunction,
      Payload: { queries, ...carried("input", "nodes") },
    },
    ResultSelector: { "r.$": invokeResultPath() },
    ResultPath: statePath("when"),
    Retry: [LAMBDA_RETRY],
    Next: next,
  };
}
