import type { UserPluginFunction } from "../user-plugins/user-plugin-function.ts";
import type { PluginTarget } from "./plugin-target.ts";

/**
 * A user plugin's function as a bus target: invoked with the envelope as its event, as an
 * EventBridge rule invokes a Lambda function. An error the handler threw fails the attempt
 * (retried, then dead-lettered) with its type and message; what it returns is ignored.
 *
 * @example
 * const target = userPluginTarget(userPluginFunction({ name: "scorer", kind: "python", handler }));
 */
export function userPluginTarget(fn: UserPluginFunction): PluginTarget {
  return async (envelope) => {
    const answer = await fn.invoke(envelope);
    if (!answer.ok) {
      const { errorType = "Error", errorMessage = "" } = answer.error;
      throw new Error(`plugin "${fn.name}" failed: ${errorType}: ${errorMessage}`);
    }
  };
}
