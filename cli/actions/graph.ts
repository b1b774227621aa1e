import { flowSvg } from "../../lambdas/core/graph/flow-svg.ts";
import { toMermaid } from "../../lambdas/core/graph/mermaid.ts";
import { PictureRefusedError } from "../../lambdas/core/graph/picture-refused-error.ts";
import type { PictureState } from "../../lambdas/core/graph/picture-state.ts";
import { readPictureState } from "../../lambdas/core/graph/read-picture-state.ts";
import type { Template } from "../../lambdas/core/model/template.ts";
import { loadTemplateFile } from "../../lambdas/core/template/load-template-file.ts";
import { CliError } from "../cli-error.ts";
import type { CommandOutput } from "../command-output.ts";
import { readJsonArgument } from "../json-argument.ts";
import { problemLines } from "../problem-report.ts";

/** The options of `baton graph`. */
export interface GraphOptions {
  instanceState?: string;
  /** Print a standalone SVG picture (its stylesheet inside) instead of mermaid. @default false */
  svg?: boolean;
}

/**
 * What `baton graph FILE` does: prints the template's mermaid flowchart, or with `--svg` its SVG
 * picture, coloured by the instance state or simulation report when one is given. An invalid
 * template prints its problems and sets exit code 1; a malformed instance state prints one line
 * and sets exit code 2.
 *
 * @example
 * await graph("definitions/cache-change.yaml", { svg: true }, commandOutput(command));
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
  const template = loaded.template;
  try {
    const state =
      options.instanceState === undefined
        ? undefined
        : await stateArgument(options.instanceState, template);
    output.writeOut(
      options.svg === true
        ? `${flowSvg(template, { ...(state ? { state } : {}), embedStyle: true })}\n`
        : toMermaid(template, state),
    );
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    output.writeErr(`baton graph: ${error.message}\n`);
    process.exitCode = error.exitCode;
  }
}

/** The picture state `--instance-state` gives (JSON or @FILE), refused as a {@link CliError}. */
async function stateArgument(argument: string, template: Template): Promise<PictureState> {
  const value = await readJsonArgument(argument, "--instance-state");
  try {
    return readPictureState(value, template);
  } catch (error) {
    if (!(error instanceof PictureRefusedError)) throw error;
    throw new CliError(`--instance-state: ${error.message}`);
  }
}
