import { BATON_ERRORS } from "../contract/baton-errors.ts";
import { PLACEHOLDERS, RESOURCES } from "../contract/resources.ts";
import {
  CONTEXT_PATHS,
  carried,
  invokeResultPath,
  loopItemPath,
  statePath,
} from "../contract/state-paths.ts";
import type { InstanceStatus } from "../engine/instance-state.ts";
import type { ApprovalNode, TaskNode, Template } from "../model/template.ts";
import type { JsonValue, State, StateMachine, TaskState } from "./asl.ts";
import { endInstance } from "./instance-end.ts";
import {
  approvalTask,
  failureCatch,
  failureRoutes,
  LAMBDA_RETRY,
  pluginTask,
} from "./node-tasks.ts";
import { StateNames } from "./state-names.ts";

const ENDINGS: readonly Exclude<InstanceStatus, "running" | "cancelled">[] = [
  "completed",
  "rejected",
  "failed",
  "timedOut",
  "no-route",
];

function comment(template: Template): string {
  return `${template.id} v${template.version}, compiled by Baton (scheduler loop)`;
}

/** The step function call that starts the instance or hands it a completion. */
function step(payload: Record<string, JsonValue>, next: string): TaskState {
  return {
    Type: "Task",
    Resource: RESOURCES.lambdaInvoke,
    Parameters: { FunctionName: PLACEHOLDERS.stepFunction, Payload: payload },
    ResultSelector: {
      "status.$": invokeResultPath("status"),
      "pending.$": invokeResultPath("pending"),
      "nodes.$": invokeResultPath("nodes"),
    },
    ResultPath: statePath("loop"),
    Retry: [LAMBDA_RETRY, { ErrorEquals: [BATON_ERRORS.stepConflict], MaxAttempts: 3 }],
    Next: next,
  };
}

/**
 * The states that park one node inside the loop's Map: its Task (timeout from the item, as
 * what is left of it), and for each failure that is an outcome the states recording it (a
 * timed-out approval's close records it itself); all of
 * them lead to the item's one `complete` state, which hands the completion to the step
 * function from inside the iteration. Completions never travel through an error's cause, so
 * simultaneous ones are all applied.
 */
function parkNode(
  node: ApprovalNode | TaskNode,
  states: Record<string, State>,
  names: StateNames,
  complete: string,
): string {
  const task = node.type === "approval" ? approvalTask(node) : pluginTask(node);
  delete task.TimeoutSeconds;
  const name = names.take(`${node.type === "approval" ? "Approve" : "Run"} ${node.id}`);
  const caught = loopItemPath("error");
  const at = loopItemPath("result");
  const catches = failureRoutes(node, caught).map((route) =>
    failureCatch(node, route, { caught, at }, complete, names, states),
  );
  states[name] = {
    ...task,
    ...(node.timeout === undefined
      ? {}
      : { TimeoutSecondsPath: loopItemPath("item", "timeoutSeconds") }),
    ResultPath: at,
    Catch: catches,
    Next: complete,
  } as TaskState;
  return name;
}

/**
 * Compiles a template whose graph is not series-parallel into a scheduler loop around the
 * reference engine (docs/compiler.md): a step function runs the engine and says which nodes
 * are pending; a Map parks them all, each on its Task; a node that completes hands its
 * completion to the step function, and stops the Map only if that changed what must be parked
 * (the instance ended, a node became pending or a parked one was cancelled); the loop reads
 * where the instance stands and parks again, until it ends in the status the engine reached.
 *
 * @example
 * const definition = compileLoop(template);
 * definition.StartAt; // "Start instance"
 */
export function compileLoop(template: Template): StateMachine {
  const names = new StateNames();
  const states: Record<string, State> = {};
  const start = names.take("Start instance");
  const route = names.take("Route");
  const park = names.take("Park pending nodes");
  const read = names.take("Read instance");
  states[start] = step({ action: "start", ...carried("instance", "input") }, route);
  const parkable = template.nodes.filter(
    (node): node is ApprovalNode | TaskNode =>
      node.type === "approval" || (node.type === "task" && node.mode !== "fire"),
  );
  states[route] = {
    Type: "Choice",
    Choices: [
      ...(parkable.length > 0
        ? [{ Variable: statePath("loop", "status"), StringEquals: "running", Next: park }]
        : []),
      ...ENDINGS.map((status) => ({
        Variable: statePath("loop", "status"),
        StringEquals: status,
        Next: endInstance(states, names, status),
      })),
    ],
    Default: endInstance(states, names, "failed"),
  };
  const itemStates: Record<string, State> = {};
  const which = names.take("Which node");
  const resume = names.take("Resume loop");
  itemStates[resume] = {
    Type: "Fail",
    Error: BATON_ERRORS.resumed,
    Cause: "a parked node completed",
  };
  if (parkable.length === 0) {
    return { Comment: comment(template), StartAt: start, States: states };
  }
  states[read] = step({ action: "read", ...carried("instance") }, route);
  const complete = names.take("Complete node");
  const again = names.take("Park again?");
  const done = names.take("Node done");
  itemStates[complete] = {
    ...step(
      {
        action: "complete",
        ...carried("instance"),
        completion: {
          "node.$": loopItemPath("item", "node"),
          "outcome.$": loopItemPath("result", "outcome"),
          "output.$": loopItemPath("result", "output"),
        },
        "parked.$": loopItemPath("parked"),
      },
      again,
    ),
    ResultSelector: { "resume.$": invokeResultPath("resume") },
    ResultPath: loopItemPath("step"),
  };
  // Only a completion that changes what must be parked stops the round: the other nodes stay
  // parked, so their approvals are not requested and their plugins not called again.
  itemStates[again] = {
    Type: "Choice",
    Choices: [{ Variable: loopItemPath("step", "resume"), BooleanEquals: true, Next: resume }],
    Default: done,
  };
  itemStates[done] = { Type: "Pass", End: true };
  const parked = parkable.map((node) => ({
    Variable: loopItemPath("item", "node"),
    StringEquals: node.id,
    Next: parkNode(node, itemStates, names, complete),
  }));
  itemStates[which] = { Type: "Choice", Choices: parked, Default: resume };
  states[park] = {
    Type: "Map",
    ItemsPath: statePath("loop", "pending"),
    ItemSelector: {
      "item.$": CONTEXT_PATHS.mapItem,
      "parked.$": statePath("loop", "pending[*]", "node"),
      ...carried("instance", "input"),
      "nodes.$": statePath("loop", "nodes"),
    },
    ItemProcessor: {
      ProcessorConfig: { Mode: "INLINE" },
      StartAt: which,
      States: itemStates,
    },
    ResultPath: null,
    Catch: [{ ErrorEquals: [BATON_ERRORS.resumed], ResultPath: null, Next: read }],
    Next: read,
  };
  return { Comment: comment(template), StartAt: start, States: states };
}
