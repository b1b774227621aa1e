import type { InstanceRef } from "../contract/handler-payloads.ts";
import type { FlowContext } from "../engine/instance-state.ts";

/** What a plugin is called with. */
export interface PluginCall {
  plugin: string;
  instance: InstanceRef;
  node: string;
  /** `instanceId#nodeId#attempt`: a plugin makes its side effect happen once per key. */
  idempotencyKey: string;
  input: unknown;
  nodes: FlowContext["nodes"];
  /** For `callback` tasks: where and under which id the plugin reports. */
  callback?: { id: string; url: string };
}

/**
 * A plugin's report of failure: the task's outcome is `failed` with `output`. Anything else a
 * plugin throws is transient, retried under the task's `retry` policy.
 *
 * @example
 * throw new PluginFailedError({ reason: "quota exceeded" });
 */
export class PluginFailedError extends Error {
  override readonly name = "Baton.PluginFailed";
  readonly output: Record<string, unknown>;

  constructor(output: Record<string, unknown>) {
    super("the plugin reported failure");
    this.output = output;
  }
}

/**
 * Calls plugins by name: a Lambda function per plugin on AWS, in-process or a subprocess at
 * home. A `sync` call resolves with the output; a `callback` call resolves once the plugin
 * accepted the work.
 *
 * @example
 * const output = await plugins.call({ plugin: "erp.pay", instance, node: "pay", idempotencyKey, input, nodes });
 */
export interface Plugins {
  call(call: PluginCall): Promise<Record<string, unknown>>;
}
