import { BATON_ERRORS } from "../contract/baton-errors.ts";
import { LAMBDA_SERVICE_ERRORS, PLACEHOLDERS, RESOURCES } from "../contract/resources.ts";
import { parseDuration } from "../model/duration.ts";
import { canTimeOut, timeoutOutcome } from "../model/outcomes.ts";
import type { ApprovalNode, Outcome, TaskNode } from "../model/template.ts";
import type { JsonValue, TaskState } from "./asl.ts";
import { SERVICE_RETRY } from "./instance-end.ts";

/**
 * The retry every Lambda task has for the Lambda service's own errors, with the ASL defaults
 * (interval 1 s, 3 attempts, backoff 2.0) left implicit to keep definitions small.
 */
export const LAMBDA_RETRY = { ErrorEquals: LAMBDA_SERVICE_ERRORS };

/** How a node's Task state fails into one of its outcomes, and the output recorded for it. */
export interface FailureRoute {
  errors: string[];
  outcome: Outcome;
  output: Record<string, JsonValue>;
}

/**
 * The errors of a node's Task state that are outcomes, in the order `Catch` must list them:
 * timeouts (turned into what `onTimeout` says), rejection, failure. `cause` is the path where
 * the caught error's cause lands; outputs read it (`json.$` marks a JSON cause).
 *
 * @example
 * failureRoutes(task, "$.nodes.grant.Cause").map((route) => route.outcome); // ["failed"]
 */
export function failureRoutes(node: ApprovalNode | TaskNode, cause: string): FailureRoute[] {
  const routes: FailureRoute[] = [];
  if (node.type === "approval") {
    if (canTimeOut(node)) {
      routes.push({
        errors: ["States.Timeout"],
        outcome: timeoutOutcome(node),
        output: { timedOut: true },
      });
    }
    routes.push({
      errors: [BATON_ERRORS.rejected],
      outcome: "rejected",
      output: { "json.$": `States.StringToJson(${cause})` },
    });
    routes.push({
      errors: ["States.TaskFailed"],
      outcome: "failed",
      output: { "error.$": cause },
    });
  } else {
    if (canTimeOut(node)) {
      routes.push({
        errors: ["States.Timeout", "States.HeartbeatTimeout"],
        outcome: "timedOut",
        output: {},
      });
    }
    routes.push({
      errors: ["States.TaskFailed"],
      outcome: "failed",
      output: { "error.$": cause },
    });
  }
  return routes;
}

/**
 * The Task state that parks an approval node: the approvals function stores the approval
 * with the task token, and a decision resumes it with `{ outcome, output }`.
 *
 * @example
 * approvalTask({ id: "lead", type: "approval", approvers: { users: ["al"] } }).Resource;
 * // "arn:aws:states:::lambda:invoke.waitForTaskToken"
 */
export function approvalTask(node: ApprovalNode): TaskState {
  const timeout = node.timeout === undefined ? undefined : parseDuration(node.timeout);
  return {
    Type: "Task",
    Resource: RESOURCES.lambdaInvokeWaitForToken,
    Parameters: {
      FunctionName: PLACEHOLDERS.approvalsFunction,
      Payload: {
        "token.$": "$$.Task.Token",
        "instance.$": "$.instance",
        node: node.id,
        ...(node.approvers.path === undefined
          ? {}
          : { "input.$": "$.input", "nodes.$": "$.nodes" }),
      },
    },
    ...(timeout === undefined ? {} : { TimeoutSeconds: timeout }),
    ResultPath: `$.nodes.${node.id}`,
    Retry: [LAMBDA_RETRY],
  };
}
/**
 * The Task state that calls a `sync` or `callback` task's plugin through the plugins
 * function, retrying Lambda service errors and, with `retry`, the plugin's transient errors.
 *
 * @example
 * pluginTask({ id: "grant", type: "task", plugin: "db.grant" }).ResultPath; // "$.nodes.grant"
 */
export function pluginTask(node: TaskNode): TaskState {
  const callback = node.mode === "callback";
  const timeout = node.timeout === undefined ? undefined : parseDuration(node.timeout);
  const heartbeat = node.heartbeat === undefined ? undefined : parseDuration(node.heartbeat);
  const retry = node.retry;
  return {
    Type: "Task",
    Resource: callback ? RESOURCES.lambdaInvokeWaitForToken : RESOURCES.lambdaInvoke,
    Parameters: {
      FunctionName: PLACEHOLDERS.pluginsFunction,
      Payload: {
        plugin: node.plugin,
        node: node.id,
        ...(callback ? { "token.$": "$$.Task.Token" } : {}),
        "instance.$": "$.instance",
        "input.$": "$.input",
        "nodes.$": "$.nodes",
      },
    },
    ...(callback ? {} : { ResultSelector: { outcome: "succeeded", "output.$": "$.Payload" } }),
    ...(timeout === undefined ? {} : { TimeoutSeconds: timeout }),
    ...(heartbeat === undefined ? {} : { HeartbeatSeconds: heartbeat }),
    ResultPath: `$.nodes.${node.id}`,
    Retry: [
      LAMBDA_RETRY,
      ...(retry
        ? [
            {
              ErrorEquals: [BATON_ERRORS.pluginError],
              IntervalSeconds: parseDuration(retry.interval ?? "PT1S") ?? 1,
              MaxAttempts: retry.attempts - 1,
              BackoffRate: retry.backoff ?? 2,
            },
          ]
        : []),
    ],
  };
}
/**
 * The Task state of a `fire` task: publishes `task.requested` on the flow bus directly
 * (no Lambda) and succeeds at once.
 *
 * @example
 * fireTask({ id: "notify", type: "task", plugin: "im.send", mode: "fire" }, "Next state");
 */
export function fireTask(node: TaskNode, next: string): TaskState {
  return {
    Type: "Task",
    Resource: RESOURCES.putEvents,
    Parameters: {
      Entries: [
        {
          EventBusName: PLACEHOLDERS.bus,
          Source: "baton",
          DetailType: "task.requested",
          Detail: { plugin: node.plugin, node: node.id, "instance.$": "$.instance" },
        },
      ],
    },
    ResultSelector: { outcome: "succeeded", output: {} },
    ResultPath: `$.nodes.${node.id}`,
    Retry: [SERVICE_RETRY],
    Next: next,
  };
}
