import type { FunctionErrorEnvelope } from "../../adapters/plugin-function-answer.ts";

/**
 * The envelope of an error a handler threw, as Lambda's Node.js runtime reports it: the
 * error's name as `errorType`, its message as `errorMessage`.
 *
 * @example
 * thrownErrorEnvelope(new TypeError("no amount")); // { errorType: "TypeError", errorMessage: "no amount" }
 */
export function thrownErrorEnvelope(thrown: unknown): FunctionErrorEnvelope {
  return thrown instanceof Error
    ? { errorType: thrown.name, errorMessage: thrown.message }
    : { errorType: "Error", errorMessage: String(thrown) };
}

/**
 * What Lambda answers for an invocation that ran past the function's timeout.
 *
 * @example
 * timedOutEnvelope(3000).errorMessage; // "Task timed out after 3.00 seconds"
 */
export function timedOutEnvelope(timeoutMs: number): FunctionErrorEnvelope {
  return {
    errorType: "Sandbox.Timedout",
    errorMessage: `Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`,
  };
}
