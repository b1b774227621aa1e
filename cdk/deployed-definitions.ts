import type { Template } from "../lambdas/core/model/template.ts";
import type { PluginDeclaration } from "../lambdas/core/plugins/plugin-declaration.ts";
import type { Problem } from "../lambdas/core/validation/problem.ts";
import { DirectoryTemplateCatalog } from "../lambdas/embedded/directory-template-catalog.ts";
import { loadPluginsFile } from "../lambdas/embedded/event-plugins/load-plugins-file.ts";

/** What a deployment takes from a definitions folder. */
export interface DeployedDefinitions {
  /** The folder read, as given. */
  readonly folder: string;
  /** Every template version of the folder's files, ordered by id, then version. */
  readonly templates: readonly Template[];
  /** The declarations of the folder's `plugins.yaml`; empty without the file. */
  readonly plugins: readonly PluginDeclaration[];
}

/** A definitions folder that cannot be deployed, with every problem found in it. */
export class DefinitionsRefusedError extends Error {
  override readonly name = "DefinitionsRefusedError";
  /** The problems, each with the file it was found in. */
  readonly problems: readonly (Problem & { file: string })[];

  constructor(folder: string, problems: readonly (Problem & { file: string })[]) {
    const lines = problems.map(
      (problem) =>
        `  ${problem.file}${problem.line === undefined ? "" : `:${problem.line}`} ${problem.message}`,
    );
    super(`the definitions in ${folder} cannot be deployed:\n${lines.join("\n")}`);
    this.problems = problems;
  }
}

/**
 * Reads a definitions folder the way `baton dev` does (the same validation, HTML forms read into
 * their templates, `plugins.yaml` parsed) and returns what a deployment holds: every template
 * version of the folder and the plugin declarations. A folder with any refused file is refused
 * whole, so that a deployment never ships half a folder. Two files may hold two versions of one
 * template: both deploy (the older one serving the instances that started on it).
 *
 * @param folder - the definitions folder. @default "definitions"
 * @throws DefinitionsRefusedError naming every problem, with file and line
 * @example
 * const { templates, plugins } = await loadDeployedDefinitions("definitions");
 */
export async function loadDeployedDefinitions(
  folder = "definitions",
): Promise<DeployedDefinitions> {
  const catalog = new DirectoryTemplateCatalog(folder);
  const refused = await catalog.load();
  const plugins = await loadPluginsFile(folder);
  const problems = [
    ...refused.flatMap(({ file, problems }) => problems.map((problem) => ({ ...problem, file }))),
    ...plugins.problems.map((problem) => ({ ...problem, file: plugins.file })),
  ];
  if (problems.length > 0) throw new DefinitionsRefusedError(folder, problems);
  const templates: Template[] = [];
  for (const latest of await catalog.list()) {
    for (const version of await catalog.versions(latest.id)) {
      const template = await catalog.get(latest.id, version);
      if (template) templates.push(template);
    }
  }
  templates.sort((a, b) => a.id.localeCompare(b.id) || a.version - b.version);
  return { folder, templates, plugins: plugins.plugins ?? [] };
}
