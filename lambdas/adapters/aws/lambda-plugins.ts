import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import type { PluginCall, Plugins } from "../../core/ports/plugins.ts";
import { pluginOutput } from "../plugin-function-answer.ts";
import { lambdaAnswer } from "./lambda-answer.ts";

/**
 * {@link Plugins} on Lambda: each plugin is a function, named by the injected plugin → function
 * map (name, ARN or alias ARN), invoked synchronously with the {@link PluginCall} as payload.
 * The function's JSON object result is the output (no payload: `{}`), its answer read by
 * {@link lambdaAnswer}.
 *
 * A plugin reports failure — the task's outcome `failed` — by throwing an error whose name is
 * `Baton.PluginFailed` and whose message is its output as a JSON object (a message that is not
 * one becomes `{ error: message }`): that becomes `PluginFailedError`. Any other error,
 * of the function or of the invocation, is thrown as a plain `Error`: transient, retried under
 * the task's `retry` policy. The embedded engine's user plugins read their answers the same way
 * ({@link pluginOutput}).
 *
 * A plugin no function is mapped to (none declared in `plugins.yaml`) is invoked nowhere and
 * answers `{}`, as the embedded engine's `InProcessPlugins` does for a plugin no one
 * registered: a `sync` task succeeds with an empty output, `callback` work waits for its report
 * (an outside system learns of it from `task.requested`, which carries the callback id).
 *
 * @example
 * const plugins = new LambdaPlugins(lambdaClient(), { "erp.pay": "baton-erp-pay" });
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
    if (functionName === undefined) return {};
    const response = await this.client.send(
      new InvokeCommand({ FunctionName: functionName, Payload: JSON.stringify(call) }),
    );
    const answer = lambdaAnswer(response);
    return pluginOutput(
      call.plugin,
      answer.ok && answer.text === "" ? { ok: true, result: {} } : answer,
    );
  }
}
