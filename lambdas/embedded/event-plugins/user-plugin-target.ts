import type { UserPluginDeclaration } from "../../core/plugins/plugin-declaration.ts";
import type { UserPluginFunction } from "../user-plugins/user-plugin-function.ts";
import type { UserPluginOptions } from "../user-plugins/user-plugin-options.ts";
import { userPluginFunction } from "../user-plugins/user-plugins.ts";
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

/**
 * The `userTarget` of `pluginRules` that runs user plugins with their runners: a `node`
 * handler in-process, a `python` one in a subprocess.
 *
 * @throws {UserPluginError} (when called) for a handler file that does not exist
 * @example
 * const bus = createLocalBus(plugins, links, { userTarget: userPluginTargets() });
 */
export function userPluginTargets(
  options: UserPluginOptions = {},
): (declaration: UserPluginDeclaration) => PluginTarget {
  return (declaration) =>
    userPluginTarget(
      userPluginFunction(
        { name: declaration.name, kind: declaration.kind, handler: declaration.handler },
        options,
      ),
    );
}
