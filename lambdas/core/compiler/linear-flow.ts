import { BATON_ERRORS } from "../contract/baton-errors.ts";
import { PLACEHOLDERS, RESOURCES } from "../contract/resources.ts";
import { CONTEXT_PATHS, carried, linearItemPath, statePath } from "../contract/state-paths.ts";
import type { StateMachine } from "./asl.ts";
import { endInstance } from "./instance-end.ts";
import { LAMBDA_RETRY } from "./node-tasks.ts";
import { StateNames } from "./state-names.ts";

/**
 * The built-in state machine of dynamic linear flows (Comet's 动态线性流程): a caller starts an
 * approval chain without a template, giving `{ instance, steps: [{ approvers, mode }] }`. An
 * inline Map with `MaxConcurrency: 1` parks on each step in turn (node ids `step-1`, `step-2`,
 * …); the first rejection stops the chain and ends it `rejected`; approval of every step ends
 * it `completed`. It means what {@link linearTemplate} of the same steps means.
 *
 * @example
 * const definition = linearFlowMachine(); // deploy once, start with any chain
 */
export function linearFlowMachine(): StateMachine {
  const names = new StateNames();
  const states: StateMachine["States"] = {};
  const chain = names.take("Approve each step in turn");
  const step = names.take("Approve step");
  states[chain] = {
    Type: "Map",
    ItemsPath: statePath("steps"),
    MaxConcurrency: 1,
    ItemSelector: {
      "node.$": `States.Format('step-{}', States.MathAdd(${CONTEXT_PATHS.mapIndex}, 1))`,
      "step.$": CONTEXT_PATHS.mapItem,
      ...carried("instance"),
    },
    ItemProcessor: {
      ProcessorConfig: { Mode: "INLINE" },
      StartAt: step,
      States: {
        [step]: {
          Type: "Task",
          Resource: RESOURCES.lambdaInvokeWaitForToken,
          Parameters: {
            FunctionName: PLACEHOLDERS.approvalsFunction,
            Payload: {
              "token.$": CONTEXT_PATHS.taskToken,
              ...carried("instance"),
              "node.$": linearItemPath("node"),
              "step.$": linearItemPath("step"),
              input: {},
              nodes: {},
            },
          },
          ResultPath: null,
          Retry: [LAMBDA_RETRY],
          End: true,
        },
      },
    },
    ResultPath: null,
    Catch: [
      {
        ErrorEquals: [BATON_ERRORS.rejected],
        ResultPath: null,
        Next: endInstance(states, names, "rejected"),
      },
      { ErrorEquals: ["States.ALL"], ResultPath: null, Next: endInstance(states, names, "failed") },
    ],
    Next: endInstance(states, names, "completed"),
  };
  return { Comment: "Baton dynamic linear flow", StartAt: chain, States: states };
}
