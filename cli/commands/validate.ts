import { Command } from "commander";
import { commandOutput } from "../command-output.ts";

/**
 * `baton validate FILE...`: checks template files against every rule of docs/semantics.md §2 and
 * prints one line per valid file, or the file followed by each of its problems as `file:line
 * [rule] message`. A directory stands for the `.yaml`, `.yml` and `.json` files directly in it.
 * Two files holding the same template id and version are refused (rule `duplicate-template`).
 * Exits 0 when every file is valid, 1 otherwise; unreadable files are problems too, never stack
 * traces. Output goes through the command's `configureOutput().writeOut` (stdout unless
 * configured). The work is loaded only when the command runs.
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
      const { validate } = await import("../actions/validate.ts");
      await validate(paths, commandOutput(command));
    });
  return command;
}
