import { Command } from "commander";
import type { GraphOptions } from "../actions/graph.ts";
import { commandOutput } from "../command-output.ts";

/**
 * `baton graph FILE [--instance-state JSON|@FILE] [--svg]`: prints the template as a mermaid
 * flowchart, or with `--svg` as a standalone SVG picture (its stylesheet inside); with an engine's instance state, nodes are coloured by status and edges by whether
 * they fired, died or carry poison; with the report `baton simulate --json` prints, approvals,
 * tasks, start and end are coloured (docs/graph.md). An invalid template prints its problems on stderr and exits 1;
 * a malformed instance state prints one line on stderr and exits 2. Output goes through the
 * command's `configureOutput()` (stdout and stderr unless configured). The template loader is
 * loaded only when the command runs.
 *
 * @example
 * // $ baton graph definitions/cache-change.yaml
 * // flowchart TD
 * //   n_start(("start"))
 * //   ...
 * // $ baton graph definitions/cache-change.yaml --instance-state @state.json
 * // $ baton graph definitions/cache-change.yaml --svg > cache-change.svg
 * new Command("baton").addCommand(graphCommand());
 */
export function graphCommand(): Command {
  const command = new Command("graph")
    .description(
      "draw a flow template as a mermaid flowchart (or SVG), coloured by an instance's state",
    )
    .argument("<file>", "template file (.yaml, .yml, .json)")
    .option(
      "--instance-state <json>",
      "instance state or `baton simulate --json` report (JSON, or @FILE) to colour the picture",
    )
    .option("--svg", "print a standalone SVG picture instead of mermaid source")
    .action(async (file: string, options: GraphOptions) => {
      const { graph } = await import("../actions/graph.ts");
      await graph(file, options, commandOutput(command));
    });
  return command;
}
