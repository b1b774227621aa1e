import { PluginFailedError } from "../core/ports/plugins.ts";
import { isRecord } from "../core/validation/template-view.ts";

/** Lambda's report of a function's error, as every Lambda runtime answers it. */
export interface FunctionErrorEnvelope {
  errorType?: string;
  errorMessage?: string;
}

/**
 * What a plugin function answered one invocation with: the value it returned (as JSON would
 * carry it), or the error envelope of what it threw.
 */
export type FunctionAnswer =
  | { ok: true; result: unknown }
  | { ok: false; error: FunctionErrorEnvelope };

/** What a failing plugin reported: its message as a JSON object, else the message itself. */
function failureOutput(message: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(message);
    if (isRecord(parsed)) return parsed;
  } catch {
    // not JSON: the message is the reason
  }
  return { error: message };
}

/**
 * The plugin's output from its function's answer, the one reading of a plugin function for
 * every way of running it (a Lambda function, a handler in-process or in a subprocess). A
 * result that is a JSON object is the output. An error named `Baton.PluginFailed` is the
 * plugin's report of failure, {@link PluginFailedError} with its message as the output (a
 * message that is not a JSON object becomes `{ error: message }`); any other error, and a
 * result that is not an object, is a plain `Error`: transient, retried under the task's `retry`.
 *
 * @example
 * pluginOutput("erp.pay", { ok: true, result: { paid: true } }); // { paid: true }
 * pluginOutput("erp.pay", { ok: false, error: { errorType: "Baton.PluginFailed", errorMessage: '{"reason":"quota"}' } });
 * // throws PluginFailedError with output { reason: "quota" }
 */
export function pluginOutput(plugin: string, answer: FunctionAnswer): Record<string, unknown> {
  if (!answer.ok) {
    const { errorType, errorMessage } = answer.error;
    if (errorType === "Baton.PluginFailed") {
      throw new PluginFailedError(failureOutput(errorMessage ?? ""));
    }
    throw new Error(`plugin ${plugin} failed: ${errorType}: ${errorMessage ?? ""}`);
  }
  if (!isRecord(answer.result)) throw new Error(`plugin ${plugin} answered no JSON object`);
  return answer.result;
}
