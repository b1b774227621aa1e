import type { LoadedPlugins } from "../lambdas/core/plugins/parse-plugins.ts";
import type { PluginDeclaration } from "../lambdas/core/plugins/plugin-declaration.ts";
import { loadPluginsFile } from "../lambdas/embedded/event-plugins/load-plugins-file.ts";
import { CliError } from "./cli-error.ts";
import { problemLines } from "./problem-report.ts";

/**
 * The plugins `plugins.yaml` of a definitions folder declares (none without the file), its
 * webhook secrets looked up in this process's environment; a file with problems is refused
 * with every one and its line (exit 1).
 *
 * @example
 * const { file, plugins } = await declaredPlugins("definitions");
 */
export async function declaredPlugins(
  definitions: string,
): Promise<Required<Pick<LoadedPlugins, "file" | "plugins">>> {
  const loaded = await loadPluginsFile(definitions, { env: process.env });
  if (!loaded.plugins) throw new CliError(problemLines(loaded).join("\n"), 1);
  return { file: loaded.file, plugins: loaded.plugins };
}

/**
 * The lines `baton dev` prints about the plugins it loaded: one per plugin, with its kind and
 * the events it subscribes to.
 *
 * @example
 * pluginLines("definitions/plugins.yaml", plugins);
 * // ["2 plugins from definitions/plugins.yaml", "  audit-log (log): flow.ended", …]
 */
export function pluginLines(file: string, plugins: readonly PluginDeclaration[]): string[] {
  if (plugins.length === 0) return [`No plugins (${file} declares none)`];
  return [
    `${plugins.length === 1 ? "1 plugin" : `${plugins.length} plugins`} from ${file}`,
    ...plugins.map((plugin) => {
      const events = [
        ...new Set(plugin.subscriptions.flatMap((subscription) => subscription.events)),
      ];
      const where =
        plugin.kind === "notifier" && plugin.url === undefined ? ", links printed here" : "";
      return `  ${plugin.name} (${plugin.kind}${where}): ${events.join(", ") || "task nodes only"}`;
    }),
  ];
}
