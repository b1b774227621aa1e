import { Annotations } from "aws-cdk-lib";
import type { IConstruct } from "constructs";
import type { Template } from "../lambdas/core/model/template.ts";

/** The id of the warning, to acknowledge it with `Annotations.of(scope).acknowledgeWarning`. */
export const UNSERVED_PLUGIN_WARNING = "@baton/flow-engine:unserved-plugin";

/**
 * Warns at synthesis (a CDK warning, not an error) of each plugin that a template's task node
 * names and no function serves — `pluginFunctions`, the plugin → function map the handlers get
 * as `PLUGIN_FUNCTIONS`, has no entry for it — naming the template versions and nodes that call it. Such a plugin answers an empty output on
 * AWS as on `baton dev` (SEMANTICS §6): a `sync` task succeeds with `{}` and a `callback` task
 * waits for a report that only an outside system, told by `task.requested`, can send.
 *
 * @example
 * warnOfUnservedPlugins(stateMachines, definitions.templates, pluginFunctions);
 * // [Warning at /Baton-dev/Engine/StateMachines] No function serves plugin "ci.build" (devops-release v1 build): …
 */
export function warnOfUnservedPlugins(
  scope: IConstruct,
  templates: readonly Template[],
  pluginFunctions: Readonly<Record<string, string>>,
): void {
  const callers = new Map<string, string[]>();
  for (const template of templates) {
    for (const node of template.nodes) {
      if (node.type !== "task" || Object.hasOwn(pluginFunctions, node.plugin)) continue;
      const list = callers.get(node.plugin) ?? [];
      list.push(`${template.id} v${template.version} ${node.id}`);
      callers.set(node.plugin, list);
    }
  }
  for (const [plugin, nodes] of [...callers].sort(([a], [b]) => a.localeCompare(b))) {
    Annotations.of(scope).addWarningV2(
      UNSERVED_PLUGIN_WARNING,
      `No function serves plugin "${plugin}" (${nodes.join(", ")}): no node or python plugin of plugins.yaml has that name, so its tasks answer an empty output — a sync task succeeds with {}, a callback task waits for its report (docs/plugins.md)`,
    );
  }
}
