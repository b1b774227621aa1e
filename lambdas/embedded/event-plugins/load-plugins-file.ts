import { readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  type LoadedPlugins,
  type PluginsParseOptions,
  parsePlugins,
} from "../../core/plugins/parse-plugins.ts";
import { PLUGINS_FILE } from "../../core/plugins/plugin-declaration.ts";

/**
 * Reads `plugins.yaml` of a definitions folder and parses it (`parsePlugins`). The file is
 * optional: without it there are no plugins. A file that cannot be read is a problem with
 * rule `file`; nothing is thrown.
 *
 * @example
 * const loaded = await loadPluginsFile("definitions", { env: process.env });
 * if (!loaded.plugins) for (const p of loaded.problems) console.error(`${loaded.file}:${p.line} ${p.message}`);
 */
export async function loadPluginsFile(
  folder: string,
  options: PluginsParseOptions = {},
): Promise<LoadedPlugins> {
  const file = join(folder, PLUGINS_FILE);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as { code?: unknown }).code === "ENOENT") return { file, plugins: [], problems: [] };
    const reason = error instanceof Error ? error.message : String(error);
    return {
      file,
      problems: [{ rule: "file", message: `cannot read the file: ${reason}`, path: [] }],
    };
  }
  return parsePlugins(text, file, options);
}
