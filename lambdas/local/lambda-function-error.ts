import { TaskError } from "./task-error.ts";

/**
 * What a Lambda task state receives when its function throws (`lambda:invoke`, also the
 * invocation of a `.waitForTaskToken` task): `Error` is the function's error type — the thrown
 * error's name — and `Cause` is Lambda's error envelope as a JSON string,
 * `{ errorType, errorMessage, trace }`, as the Node.js runtime reports an error thrown by
 * Baton's handlers: their wrapper (`observedHandler`) keeps the stack in the log and throws
 * without it, so the trace is the error's one line and no file path reaches a state.
 *
 * @example
 * lambdaFunctionError(new TaskError("Baton.TaskFailed", "{}")).message;
 * // '{"errorType":"Baton.TaskFailed","errorMessage":"{}","trace":[…]}'
 */
export function lambdaFunctionError(thrown: unknown): TaskError {
  const error = thrown instanceof Error ? thrown : new Error(String(thrown));
  const envelope = {
    errorType: error.name,
    errorMessage: error.message,
    trace: [`${error.name}: ${error.message}`],
  };
  return new TaskError(error.name, JSON.stringify(envelope));
}
