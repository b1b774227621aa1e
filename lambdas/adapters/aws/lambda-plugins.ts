import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { type PluginCall, PluginFailedError, type Plugins } from "../../core/ports/plugins.ts";
import { isRecord } from "../../core/validation/template-view.ts";

/** Lambda's report of a function's error (the Node.js runtime's shape). */
interface ErrorEnvelope {
  errorType?: string;
  errorMessage?: string;
}

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
 * {@link Plugins} on Lambda: each plugin is a function, named by the injected plugin → function
 * map (name, ARN or alias ARN), invoked synchronously with the {@link PluginCall} as payload.
 * The function's JSON object result is the output (no payload: `{}`).
 *
 * A plugin reports failure — the task's outcome `failed` — by throwing an error whose name is
 * `Baton.PluginFailed` and whose message is its output as a JSON object (a message that is not
 * one becomes `{ error: message }`): that becomes {@link PluginFailedError}. Any other error,
 * of the function or of the invocation, and a plugin no function is mapped to, is thrown as a
 * plain `Error`: transient, retried under the task's `retry` policy.
 *
 * @example
 * const plugins = new LambdaPlugins(awsClients().lambda, { "erp.pay": "baton-erp-pay" });
 * const output = await plugins.call(call);
 */
export class LambdaPlugins implements Plugins {
  private readonly client: LambdaClient;
  private readonly functions: Readonly<Record<string, string>>;

  constructor(client: LambdaClient, functions: Readonly<Record<string, string>>) {
    this.client = client;
    this.functions = functions;
  }

  async call(call: PluginCall): Promise<Record<string, unknown>> {
    const functionName = Object.hasOwn(this.functions, call.plugin)
      ? this.functions[call.plugin]
      : undefined;
    if (functionName === undefined) throw new Error(`no function serves plugin ${call.plugin}`);
    const response = await this.client.send(
      new InvokeCommand({ FunctionName: functionName, Payload: JSON.stringify(call) }),
    );
    const text = response.Payload ? Buffer.from(response.Payload).toString("utf8") : "";
    const result: unknown = text === "" ? {} : JSON.parse(text);
    if (response.FunctionError !== undefined) {
      const envelope: ErrorEnvelope = isRecord(result) ? result : {};
      if (envelope.errorType === "Baton.PluginFailed") {
        throw new PluginFailedError(failureOutput(envelope.errorMessage ?? ""));
      }
      throw new Error(
        `plugin ${call.plugin} failed: ${envelope.errorType ?? response.FunctionError}: ${envelope.errorMessage ?? ""}`,
      );
    }
    if (!isRecord(result)) throw new Error(`plugin ${call.plugin} answered no JSON object`);
    return result;
  }
}
