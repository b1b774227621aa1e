import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { pluginOutput } from "../../adapters/plugin-function-answer.ts";
import type { InProcessPlugin } from "../in-process-plugins.ts";
import { NodePluginFunction } from "./node-plugin-function.ts";
import { PythonPluginFunction } from "./python-plugin-function.ts";
import { UserPluginError } from "./user-plugin-error.ts";
import type { UserPluginDescriptor, UserPluginFunction } from "./user-plugin-function.ts";
import { resolveUserPluginOptions, type UserPluginOptions } from "./user-plugin-options.ts";

/**
 * The function that runs a user plugin: in-process for `node`, a `python3` subprocess per
 * invocation for `python`. A handler file that is not there is refused now, naming the plugin.
 *
 * @throws {UserPluginError} when the handler file does not exist.
 * @example
 * const fn = userPluginFunction({ name: "scan", kind: "python", handler: "plugins/link-safety-scan/handler.py" });
 * await fn.invoke(envelope); // a subscription's delivery
 */
export function userPluginFunction(
  descriptor: UserPluginDescriptor,
  options: UserPluginOptions = {},
): UserPluginFunction {
  const resolved = resolveUserPluginOptions(options);
  const file = resolve(resolved.root, descriptor.handler);
  if (!existsSync(file) || !statSync(file).isFile()) {
    throw new UserPluginError(
      descriptor.name,
      `handler ${descriptor.handler} is not a file (looked for ${file})`,
    );
  }
  return descriptor.kind === "node"
    ? new NodePluginFunction(descriptor.name, file, resolved)
    : new PythonPluginFunction(descriptor.name, file, resolved);
}

/**
 * User plugins as the embedded engine's in-process plugins, by name: each task call invokes
 * the plugin's function with the `PluginCall` as its event and reads the answer as the Lambda
 * adapter reads a function's ({@link pluginOutput}): an object is the output, an error named
 * `Baton.PluginFailed` fails the task with its message as the output, anything else is
 * transient (retried under the task's `retry`, then `failed` with the error).
 *
 * @throws {UserPluginError} when a handler file does not exist or two plugins share a name.
 * @example
 * const backend = createEmbeddedBackend({
 *   templates,
 *   secrets,
 *   plugins: userPlugins(declarations, { environment: { BATON_CALLBACK_KEY: secrets.callbackKey } }),
 * });
 */
export function userPlugins(
  descriptors: readonly UserPluginDescriptor[],
  options: UserPluginOptions = {},
): Record<string, InProcessPlugin> {
  const plugins: Record<string, InProcessPlugin> = {};
  for (const descriptor of descriptors) {
    if (Object.hasOwn(plugins, descriptor.name)) {
      throw new UserPluginError(descriptor.name, "declared twice");
    }
    const fn = userPluginFunction(descriptor, options);
    plugins[descriptor.name] = async (call) => pluginOutput(fn.name, await fn.invoke(call));
  }
  return plugins;
}
