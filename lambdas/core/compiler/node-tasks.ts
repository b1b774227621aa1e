import { BATON_ERRORS } from "../contract/baton-errors.ts";
import { LAMBDA_SERVICE_ERRORS, PLACEHOLDERS, RESOURCES } from "../contract/resources.ts";
import { CONTEXT_PATHS, carried, invokeResultPath, statePath } from "../contract/state-paths.ts";
import { parseDuration } from "../model/duration.ts";
import { canTimeOut, timeoutOutcome } from "../model/outcomes.ts";
import type { ApprovalNode, Outcome, TaskNode, Template } from "../model/template.ts";
import type { Catcher, JsonValue, PassState, State, TaskState } from "./asl.ts";
import { SERVICE_RETRY } from "./instance-end.ts";
import type { StateNames } from "./state-names.ts";

/**
 * The retry every Lambda task has for the Lambda service's own errors, with the ASL defaults
 * (interval 1 s, 3 attempts, backoff 2.0) left implicit to keep definitions small.
 */
export const LAMBDA_RETRY = { ErrorEquals: LAMBDA_SERVICE_ERRORS };

/**
 * The retry of a timed-out approval's `Close`: every error, with the ASL defaults (interval 1 s,
 * 3 attempts, backoff 2.0). No error of a close is an outcome, and closing is safe to repeat (a
 * record already closed is left as it is), so a transient failure of the function itself (a
 * throttled or conflicting write) is retried as well as the Lambda service's; it is also 103
 * bytes shorter than listing the service errors.
 */
const CLOSE_RETRY = { ErrorEquals: ["States.ALL"] };

/** How a node's Task state fails into one of its outcomes, and the output recorded for it. */
export interface FailureRoute {
  errors: string[];
  outcome: Outcome;
  output: Record<string, JsonValue>;
  /**
   * What the route must do before it records the outcome: `close` the approval that timed out
   * ({@link closeState}), or parse the cause, Lambda's error `envelope`.
   */
  first?: "close" | "envelope";
}

/**
 * The errors of a node's Task state that are outcomes, in the order `Catch` must list them:
 * timeouts (turned into what `onTimeout` says), rejection, failure. `caught` is the path where
 * the caught error lands (`{ Error, Cause }`); outputs read its cause, or a timed-out
 * approval's close result (`json.$` marks an output read whole: the approval's decisions and
 * `timedOut: true`, docs/semantics.md §5, or the JSON of a rejection's cause). A `sync` task's
 * plugin failure (`Baton.TaskFailed`, thrown by the plugins function) comes in Lambda's error
 * envelope, whose `errorMessage` is what a callback task's failure has as its cause; any other
 * failure records the cause as it is.
 *
 * @example
 * failureRoutes(task, "$.nodes.grant").map((route) => route.outcome); // ["failed", "failed"]
 */
export function failureRoutes(node: ApprovalNode | TaskNode, caught: string): FailureRoute[] {
  const cause = `${caught}.Cause`;
  const routes: FailureRoute[] = [];
  if (node.type === "approval") {
    if (canTimeOut(node)) {
      routes.push({
        errors: ["States.Timeout"],
        outcome: timeoutOutcome(node),
        output: { "json.$": invokeResultPath() },
        first: "close",
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
    if (node.mode !== "callback") {
      routes.push({
        errors: [BATON_ERRORS.taskFailed],
        outcome: "failed",
        output: { "error.$": `${cause}.errorMessage` },
        first: "envelope",
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
 * The Task state on the timeout path of an approval: `TimeoutSeconds` on AWS fails the parked
 * state and closes nothing, so this asks the approvals function to close the approval record
 * (no later decision counts) before the timeout outcome is routed. Given `record`, it also
 * records the outcome where the record goes, in place of a Pass after it: a constant, or the
 * node's output the function answers (its decisions and `timedOut: true`). It retries every
 * error ({@link CLOSE_RETRY}).
 *
 * @example
 * closeState(node, "Route lead to boss").Parameters?.Payload;
 * // { close: "timedOut", "instance.$": "$.instance", node: "lead" }
 */
export function closeState(
  node: ApprovalNode,
  next: string,
  record?: { at: string; value: Record<string, JsonValue> },
): TaskState {
  return {
    Type: "Task",
    Resource: RESOURCES.lambdaInvoke,
    Parameters: {
      FunctionName: PLACEHOLDERS.approvalsFunction,
      Payload: { close: "timedOut", ...carried("instance"), node: node.id },
    },
    ...(record ? { ResultSelector: record.value, ResultPath: record.at } : { ResultPath: null }),
    Retry: [CLOSE_RETRY],
    Next: next,
  };
}

/**
 * The Pass that parses a caught Lambda function error's cause — Lambda's envelope
 * `{ errorType, errorMessage, trace }` as a JSON string — in place, so that the record after
 * it reads `<caught>.Cause.errorMessage`.
 */
function parseEnvelope(caught: string, next: string): PassState {
  return {
    Type: "Pass",
    Parameters: { "Cause.$": `States.StringToJson(${caught}.Cause)` },
    ResultPath: caught,
    Next: next,
  };
}

/**
 * Writes a `Close <id>` state ({@link closeState}) under a name of its own and returns the name.
 *
 * @example
 * closeEntry(node, "Route lead to boss", undefined, names, states); // "Close lead"
 */
export function closeEntry(
  node: ApprovalNode,
  next: string,
  record: { at: string; value: Record<string, JsonValue> } | undefined,
  names: StateNames,
  states: Record<string, State>,
): string {
  const close = names.take(`Close ${node.id}`);
  states[close] = closeState(node, next, record);
  return close;
}

/**
 * Writes the states a failure route goes through before `next` and returns the first: the
 * close of a timed-out approval (which records the outcome itself), else the record Pass (its
 * output read from the error caught at `record.caught`, after parsing Lambda's envelope for a
 * plugin's failure).
 */
function failureEntry(
  node: ApprovalNode | TaskNode,
  route: FailureRoute,
  record: { caught: string; at: string },
  next: string,
  names: StateNames,
  states: Record<string, State>,
): string {
  const { outcome, output } = route;
  const json = output["json.$"];
  const value: Record<string, JsonValue> =
    json === undefined ? { outcome, output } : { outcome, "output.$": json };
  if (route.first === "close" && node.type === "approval") {
    return closeEntry(node, next, { at: record.at, value }, names, states);
  }
  const name = names.take(`Record ${node.id} ${outcome}`);
  states[name] = {
    Type: "Pass",
    Parameters: value,
    ResultPath: record.at,
    Next: next,
  };
  if (route.first !== "envelope") return name;
  const parse = names.take(`Parse ${node.id} failure`);
  states[parse] = parseEnvelope(record.caught, name);
  return parse;
}

/**
 * The `Catch` clause of a failure route: the error caught lands at `record.caught` (a close
 * discards it) and goes on to the states {@link failureEntry} writes for the route, which
 * record the outcome at `record.at` and go to `next`.
 *
 * @example
 * failureCatch(node, route, { caught: "$.nodes.lead", at: "$.nodes.lead" }, "End: completed", names, states);
 * // { ErrorEquals: ["States.Timeout"], ResultPath: null, Next: "Close lead" }
 */
export function failureCatch(
  node: ApprovalNode | TaskNode,
  route: FailureRoute,
  record: { caught: string; at: string },
  next: string,
  names: StateNames,
  states: Record<string, State>,
): Catcher {
  const entry = failureEntry(node, route, record, next, names, states);
  return {
    ErrorEquals: route.errors,
    ResultPath: route.first === "close" ? null : record.caught,
    Next: entry,
  };
}

/**
 * The Task state that parks an approval node: the approvals function stores the approval
 * with the task token, and a decision resumes it with `{ outcome, output }`.
 *
 * @example
 * const lead = withNodeDefaults({ id: "lead", type: "approval", approvers: { users: ["al"] } });
 * approvalTask(lead).Resource;
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
        "token.$": CONTEXT_PATHS.taskToken,
        ...carried("instance"),
        node: node.id,
        ...(node.approvers.path === undefined ? {} : carried("input", "nodes")),
      },
    },
    ...(timeout === undefined ? {} : { TimeoutSeconds: timeout }),
    ResultPath: statePath("nodes", node.id),
    Retry: [LAMBDA_RETRY],
  };
}
/**
 * The Task state that calls a `sync` or `callback` task's plugin through the plugins
 * function, retrying Lambda service errors and, with `retry`, the plugin's transient errors.
 *
 * @example
 * const grant = withNodeDefaults({ id: "grant", type: "task", plugin: "db.grant" });
 * pluginTask(grant).ResultPath; // "$.nodes.grant"
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
        ...(callback ? { "token.$": CONTEXT_PATHS.taskToken } : {}),
        ...carried("instance", "input", "nodes"),
      },
    },
    ...(callback
      ? {}
      : { ResultSelector: { outcome: "succeeded", "output.$": invokeResultPath() } }),
    ...(timeout === undefined ? {} : { TimeoutSeconds: timeout }),
    ...(heartbeat === undefined ? {} : { HeartbeatSeconds: heartbeat }),
    ResultPath: statePath("nodes", node.id),
    Retry: [
      LAMBDA_RETRY,
      ...(retry
        ? [
            {
              ErrorEquals: [BATON_ERRORS.pluginError],
              IntervalSeconds: parseDuration(retry.interval),
              MaxAttempts: retry.attempts - 1,
              BackoffRate: retry.backoff,
            },
          ]
        : []),
    ],
  };
}
/**
 * The Task state of a `fire` task: publishes the flow event `task.requested` on the flow bus
 * directly (no Lambda) and succeeds at once. The entry is the event the embedded engine
 * publishes for the same node (`BusEvent`: type, tenant, template id and version, instance id,
 * node id, `at` the state's entry time, `detail: { plugin, mode: "fire" }`), so a subscription
 * by template or node matches it on both; only `seq` is missing, as no history entry is written.
 *
 * @example
 * const notify = withNodeDefaults({ id: "notify", type: "task", plugin: "im.send", mode: "fire" });
 * fireTask(notify, "Next state", template);
 */
export function fireTask(
  node: TaskNode,
  next: string,
  template: Pick<Template, "id" | "version">,
): TaskState {
  return {
    Type: "Task",
    Resource: RESOURCES.putEvents,
    Parameters: {
      Entries: [
        {
          EventBusName: PLACEHOLDERS.bus,
          Source: "baton",
          DetailType: "task.requested",
          Detail: {
            type: "task.requested",
            "tenant.$": `${statePath("instance")}.tenant`,
            templateId: template.id,
            templateVersion: template.version,
            "instanceId.$": `${statePath("instance")}.id`,
            nodeId: node.id,
            "at.$": CONTEXT_PATHS.enteredTime,
            detail: { plugin: node.plugin, mode: "fire" },
          },
        },
      ],
    },
    ResultSelector: { outcome: "succeeded", output: {} },
    ResultPath: statePath("nodes", node.id),
    Retry: [SERVICE_RETRY],
    Next: next,
  };
}
