import type { Template } from "../lambdas/core/model/template.ts";
import { loadTemplateFile } from "../lambdas/core/template/load-template-file.ts";
import { CliError } from "./cli-error.ts";
import { problemLines } from "./problem-report.ts";

/**
 * Loads a template file for a command that needs a valid one, refusing it with every problem
 * (exit code 1) otherwise.
 *
 * @example
 * const template = await loadValidTemplate("definitions/cache-change.yaml");
 */
export async function loadValidTemplate(file: string): Promise<Template> {
  const loaded = await loadTemplateFile(file);
  if (loaded.template) return loaded.template;
  throw new CliError(problemLines(loaded).join("\n"), 1);
}
