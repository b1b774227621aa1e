import {
  EDGE_STATUSES,
  type InstanceState,
  NODE_STATUSES,
} from "../../lambdas/core/engine/instance-state.ts";
import { toMermaid } from "../../lambdas/core/graph/mermaid.ts";
import type { Template } from "../../lambdas/core/model/template.ts";
import { loadTemplateFile } from "../../lambdas/core/template/load-template-file.ts";
import { CliError } from "../cli-error.ts";
import type { CommandOutput } from "../command-output.ts";
import { readJsonArgument } from "../json-argument.ts";
import { problemLines } from "../problem-report.ts";

/** The options of `baton graph`. */
export interface GraphOptions {
  instanceState?: string;
}

/**
 * What `baton graph FILE` does: prints the template's mermaid flowchart, coloured by the
 * instance state when one is given. An invalid template prints its problems and sets exit code
 * 1; a malformed instance state prints one line and sets exit code 2.
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
        : instanceState(
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

/** Checks what the picture reads from an instance state, naming the first thing amiss. */
function instanceState(value: unknown, template: Template): InstanceState {
  const fail = (message: string): never => {
    throw new CliError(`--instance-state: ${message}`);
  };
  if (!isRecord(value)) return fail("expected a JSON object with `nodes` and `edges`");
  if (value.templateId !== undefined && value.templateId !== template.id) {
    fail(`the state is of template ${JSON.stringify(value.templateId)}, not "${template.id}"`);
  }
  const { nodes, edges } = value;
  if (!isRecord(nodes)) return fail("`nodes` must be an object of { status } by node id");
  for (const [id, node] of Object.entries(nodes)) {
    if (
      !isRecord(node) ||
      typeof node.status !== "string" ||
      !(NODE_STATUSES as readonly string[]).includes(node.status)
    ) {
      fail(`nodes.${id}.status must be one of ${NODE_STATUSES.join(", ")}`);
    }
  }
  if (!Array.isArray(edges)) return fail("`edges` must be an array of { status }");
  if (edges.length !== template.edges.length) {
    fail(`\`edges\` has ${edges.length} entries; the template has ${template.edges.length} edges`);
  }
  edges.forEach((edge: unknown, index) => {
    if (
      !isRecord(edge) ||
      typeof edge.status !== "string" ||
      !(EDGE_STATUSES as readonly string[]).includes(edge.status)
    ) {
      fail(`edges[${index}].status must be one of ${EDGE_STATUSES.join(", ")}`);
    }
  });
  return value as unknown as InstanceState;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
