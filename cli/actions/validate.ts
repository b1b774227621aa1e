import { readdir, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { PLUGINS_FILE } from "../../lambdas/core/plugins/plugin-declaration.ts";
import type { LoadedTemplate } from "../../lambdas/core/template/load-template.ts";
import { loadTemplateFile } from "../../lambdas/core/template/load-template-file.ts";
import { isTemplateFileName } from "../../lambdas/core/template/template-file-name.ts";
import { loadPluginsFile } from "../../lambdas/embedded/event-plugins/load-plugins-file.ts";
import type { CommandOutput } from "../command-output.ts";
import { problemLines } from "../problem-report.ts";

/** A file as validated: a template, or a plugins file with how many plugins it declares. */
type LoadedFile = LoadedTemplate & { plugins?: number };

/**
 * What `baton validate FILE...` does: loads each file (a directory stands for the template files
 * directly in it and its `plugins.yaml`), refuses two files with the same id and version, prints one line per valid
 * file or every problem of a refused one, a count when there are several, and sets exit code 1
 * if any is refused.
 *
 * @example
 * await validate(["definitions"], commandOutput(command));
 * // ✓ definitions/cache-change.yaml — cache-change v1: 9 nodes, 8 edges
 * // ...
 */
export async function validate(paths: readonly string[], output: CommandOutput): Promise<void> {
  const write = (line: string) => output.writeOut(`${line}\n`);
  const files = (await Promise.all(paths.map(expand))).flat();
  const loaded: LoadedFile[] = [];
  for (const file of files) {
    loaded.push(
      basename(file) === PLUGINS_FILE ? await pluginsFile(file) : await loadTemplateFile(file),
    );
  }
  refuseDuplicates(loaded);
  for (const entry of loaded) for (const line of report(entry)) write(line);
  const refused = loaded.filter((entry) => !entry.template && entry.plugins === undefined).length;
  if (loaded.length > 1) {
    write(`${loaded.length} files: ${loaded.length - refused} valid, ${refused} refused`);
  }
  if (refused > 0) process.exitCode = 1;
}

/** A directory becomes the template files directly in it, sorted; anything else stays as given. */
async function expand(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isDirectory()) return [path];
  const entries = await readdir(path, { withFileTypes: true });
  const files = entries
    .filter(
      (entry) => entry.isFile() && (isTemplateFileName(entry.name) || entry.name === PLUGINS_FILE),
    )
    .map((entry) => join(path, entry.name))
    .sort();
  return files.length > 0 ? files : [path];
}

/** Every instance pins an id and version, so two files may not both define the same pair. */
function refuseDuplicates(loaded: LoadedTemplate[]): void {
  const first = new Map<string, string>();
  for (const entry of loaded) {
    if (!entry.template) continue;
    const key = `${entry.template.id} v${entry.template.version}`;
    const earlier = first.get(key);
    if (earlier === undefined) {
      first.set(key, entry.file);
      continue;
    }
    entry.problems.push({
      rule: "duplicate-template",
      message: `template ${key} is already defined in ${earlier}; publish a change as a new version`,
      path: ["id"],
    });
    delete entry.template;
  }
}

/**
 * A plugins file, checked as `baton dev` loads it but for the secrets' variables, which a
 * machine that validates need not have; valid, it reports how many plugins it declares.
 */
async function pluginsFile(file: string): Promise<LoadedFile> {
  const loaded = await loadPluginsFile(dirname(file));
  return loaded.plugins
    ? { file, problems: [], plugins: loaded.plugins.length }
    : { file, problems: loaded.problems };
}

/** The lines printed for one file: a summary when valid, else every problem. */
function report(loaded: LoadedFile): string[] {
  const { template, file } = loaded;
  if (loaded.plugins !== undefined) {
    return [`✓ ${file} — ${loaded.plugins} plugin${loaded.plugins === 1 ? "" : "s"}`];
  }
  if (!template) return problemLines(loaded);
  const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;
  const size = `${count(template.nodes.length, "node")}, ${count(template.edges.length, "edge")}`;
  return [`✓ ${file} — ${template.id} v${template.version}: ${size}`];
}
