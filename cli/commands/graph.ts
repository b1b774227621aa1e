import { Command } from "commander";
import {
  EDGE_STATUSES,
  type InstanceState,
  NODE_STATUSES,
} from "../../lambdas/core/engine/instance-state.ts";
import { toMermaid } from "../../lambdas/core/graph/mermaid.ts";
import type { Template } from "../../lambdas/core/model/template.ts";
import { loadTemplateFile } from "../../lambdas/core/template/load-template-file.ts";
import { CliError } from "../cli-error.ts";
import { readJsonArgument } from "../json-argument.ts";
import { problemLines } from "../problem-report.ts";

interface GraphOptions {
  instanceState?: string;
}

/**
 * `baton graph FILE [--instance-state JSON|@FILE]`: prints the template as a mermaid
 * flowchart; with an instance state, nodes are coloured by status and edges by whether they
 * fired, died or carry poison. An invalid template prints its problems on stderr and exits 1;
 * a malformed instance state prints one line on stderr and exits 2. Output goes through the
 * command's `configureOutput()` (stdout and stderr unless configured).
 *
 * @example
 * // $ baton graph definitions/cache-change.yaml
 * // flowchart TD
 * //   n_start(("start"))
 * //   ...
 * // $ baton graph definitions/cache-change.yaml --instance-state @state.json
 * new Command("baton").addCommand(graphCommand());
 */
export function graphCommand(): Command {
  const command = new Command("graph")
    .description("draw a flow template as a mermaid flowchart, coloured by an instance's state")
    .argument("<file>", "template file (.yaml, .yml, .json)")
    .option(
      "--instance-state <json>",
      "instance state (JSON, or @FILE) whose node and edge states colour the picture",
    )
    .action(async (file: string, options: GraphOptions) => {
      const output = command.configureOutput();
      const writeOut = output.writeOut ?? ((text: string) => process.stdout.write(text));
      const writeErr = output.writeErr ?? ((text: string) => process.stderr.write(text));
      const loaded = await loadTemplateFile(file);
      if (!loaded.template) {
        for (const line of problemLines(loaded)) writeErr(`${line}\n`);
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
        writeOut(toMermaid(loaded.template, state));
      } catch (error) {
        if (!(error instanceof CliError)) throw error;
        writeErr(`baton graph: ${error.message}\n`);
        process.exitCode = error.exitCode;
      }
    });
  return command;
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
