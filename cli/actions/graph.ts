import { toMermaid } from "../../lambdas/core/graph/mermaid.ts";
import { loadTemplateFile } from "../../lambdas/core/template/load-template-file.ts";
import { CliError } from "../cli-error.ts";
import type { CommandOutput } from "../command-output.ts";
import { pictureStateArgument } from "../instance-state-argument.ts";
import { readJsonArgument } from "../json-argument.ts";
import { problemLines } from "../problem-report.ts";

/** The options of `baton graph`. */
export interface GraphOptions {
  instanceState?: string;
}

/**
 * What `baton graph FILE` does: prints the template's mermaid flowchart, coloured by the
 * instance state or simulation report when one is given. An invalid template prints its
 * problems and sets exit code 1; a malformed instance state prints one line and sets exit
 * code 2.
 *
 * @example
 * await graph("definitions/cache-change.yaml", {}, commandOutput(command));
 */
export async function graph(
  file: string,
  options: GraphOptions,
  output: CommandOutput,
): Promise<void> {
  const loaded = await loadTemplateFile(file);
  if (!loaded.template) {
    for (const line of problemLines(loaded)) output.writeErr(`${line}\n`);
    process.exitCode = 1;
    return;
  }
  try {
    const state =
      options.instanceState === undefined
        ? undefined
        : pictureStateArgument(
            await readJsonArgument(options.instanceState, "--instance-state"),
            loaded.template,
          );
    output.writeOut(toMermaid(loaded.template, state));
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    output.writeErr(`baton graph: ${error.message}\n`);
    process.exitCode = error.exitCode;
  }
}
