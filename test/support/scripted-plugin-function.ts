import type { PluginCall } from "../../lambdas/core/ports/plugins.ts";
import type { InvocationOutcome } from "./aws/bundled-function.ts";

/**
 * A plugin's Lambda function whose answers a test scripts: a `callback` call is taken at once
 * (`{}`, the plugin reports later through the callback route); a `sync` call waits until the
 * test answers it with {@link ScriptedPluginFunction.answer}: its output, or the failure a
 * plugin reports by throwing `Baton.PluginFailed` with the output as the message.
 *
 * @example
 * const erp = new ScriptedPluginFunction("baton-test-plugin-erp-pay");
 * await eventually(async () => erp.waiting(instanceId, "pay"), Boolean);
 * erp.answer(instanceId, "pay", "succeed", { paid: true });
 */
export class ScriptedPluginFunction {
  readonly name: string;
  private readonly calls = new Map<string, (outcome: InvocationOutcome) => void>();

  constructor(name: string) {
    this.name = name;
  }

  invoke(event: unknown): Promise<InvocationOutcome> {
    const call = event as PluginCall;
    if (call.callback) return Promise.resolve({ result: {} });
    const { promise, resolve } = Promise.withResolvers<InvocationOutcome>();
    this.calls.set(`${call.instance.id}/${call.node}`, resolve);
    return promise;
  }

  /** Whether a sync call of this node is waiting for its answer. */
  waiting(instanceId: string, node: string): boolean {
    return this.calls.has(`${instanceId}/${node}`);
  }

  /** Answers the waiting sync call of this node; false if none waits. */
  answer(
    instanceId: string,
    node: string,
    act: "succeed" | "fail",
    output: Record<string, unknown>,
  ): boolean {
    const key = `${instanceId}/${node}`;
    const resolve = this.calls.get(key);
    this.calls.delete(key);
    resolve?.(
      act === "succeed"
        ? { result: output }
        : {
            error: {
              errorType: "Baton.PluginFailed",
              errorMessage: JSON.stringify(output),
              trace: [],
            },
          },
    );
    return resolve !== undefined;
  }
}
