import type { FunctionAnswer } from "../../adapters/plugin-function-answer.ts";

/**
 * Which user plugin to run and how: a plugin written as an ordinary Lambda handler in the
 * repository. A declaration of `plugins.yaml` of kind `node` or `python` is one.
 *
 * @example
 * const scan: UserPluginDescriptor = { name: "link.safety-scan", kind: "python", handler: "plugins/link-safety-scan/handler.py" };
 */
export interface UserPluginDescriptor {
  /** What a task node's `plugin:` names. */
  name: string;
  /** `node`: a TypeScript or JavaScript module exporting `handler`; `python`: a file defining `handler`. */
  kind: "node" | "python";
  /** The handler file, relative to the options' `root`. */
  handler: string;
}

/**
 * A user plugin as Lambda runs a function: invoked with an event (a `PluginCall` for a task
 * node, an EventBridge envelope for a subscription), answering what the handler returned or
 * the error envelope of what it threw. It never throws.
 *
 * @example
 * const answer = await fn.invoke(call);
 * if (!answer.ok) console.error(answer.error.errorType);
 */
export interface UserPluginFunction {
  readonly name: string;
  invoke(event: unknown): Promise<FunctionAnswer>;
}
