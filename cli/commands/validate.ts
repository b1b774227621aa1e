import { readdir, stat } from "node:fs/promises";
import { extname, join } from "node:path";
import { Command } from "commander";
import type { LoadedTemplate } from "../../lambdas/core/template/load-template.ts";
import {
  loadTemplateFile,
  TEMPLATE_EXTENSIONS,
} from "../../lambdas/core/template/load-template-file.ts";
import { problemLines } from "../problem-report.ts";

/**
 * `baton validate FILE...`: checks template files against every rule of SEMANTICS §2 and prints
 * one line per valid file, or the file followed by each of its problems as `file:line  [rule]
 * message`. A directory stands for the `.yaml`, `.yml` and `.json` files directly in it. Two files
 * holding the same template id and version are refused (rule `duplicate-template`). Exits 0 when
 * every file is valid, 1 otherwise; unreadable files are problems too, never stack traces.
 * Output goes through the command's `configureOutput().writeOut` (stdout unless configured).
 *
 * @example
 * // $ baton validate definitions/cache-change.yaml test/fixtures/invalid/cycle.yaml
 * // ✓ definitions/cache-change.yaml — cache-change v3: 5 nodes, 5 edges
 * // ✗ test/fixtures/invalid/cycle.yaml
 * //   test/fixtures/invalid/cycle.yaml:7  [cycle] nodes `review`, `rework` form a cycle: ...
 * new Command("baton").addCommand(validateCommand());
 */
export function validateCommand(): Command {
  const command = new Command("validate")
    .description("check flow templates (YAML or JSON) and list every problem with its line")
    .argument("<file...>", "template files (.yaml, .yml, .json) or directories holding them")
    .action(async (paths: string[]) => {
      const write = (line: string) => {
        const { writeOut } = command.configureOutput();
        if (writeOut) writeOut(`${line}\n`);
        else process.stdout.write(`${line}\n`);
      };
      const files = (await Promise.all(paths.map(expand))).flat();
      const loaded: LoadedTemplate[] = [];
      for (const file of files) loaded.push(await loadTemplateFile(file));
      refuseDuplicates(loaded);
      for (const entry of loaded) for (const line of report(entry)) write(line);
      const refused = loaded.filter((entry) => !entry.template).length;
      if (loaded.length > 1) {
        write(`${loaded.length} files: ${loaded.length - refused} valid, ${refused} refused`);
      }
      if (refused > 0) process.exitCode = 1;
    });
  return command;
}

/** A directory becomes the template files directly in it, sorted; anything else stays as given. */
async function expand(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isDirectory()) return [path];
  const entries = await readdir(path, { withFileTypes: true });
  const files = entries
    .filter(
      (entry) => entry.isFile() && TEMPLATE_EXTENSIONS.includes(extname(entry.name).toLowerCase()),
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

/** The lines printed for one file: a summary when valid, else every problem. */
function report(loaded: LoadedTemplate): string[] {
  const { template, file } = loaded;
  if (!template) return problemLines(loaded);
  const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;
  const size = `${count(template.nodes.length, "node")}, ${count(template.edges.length, "edge")}`;
  return [`✓ ${file} — ${template.id} v${template.version}: ${size}`];
}
