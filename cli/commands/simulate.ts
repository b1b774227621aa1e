import { Command, Option } from "commander";
import type { SimulateOptions } from "../actions/simulate.ts";

/**
 * `baton simulate TEMPLATE --input JSON|@FILE --script JSON|@FILE [--engine reference|asl]
 * [--json]` (docs/semantics.md §8). `--directory` supplies the users of each role. The engines
 * are loaded only when the command runs.
 *
 * @example
 * baton simulate definitions/cache-change.yaml --input '{"memoryGb":8}' --script @steps.json --json
 */
export function simulateCommand(): Command {
  return new Command("simulate")
    .description("run a template against a script of decisions (docs/semantics.md §8)")
    .argument("<template>", "template file (.yaml, .yml or .json)")
    .requiredOption("--input <json>", "start input as JSON, or @FILE")
    .requiredOption("--script <json>", "list of steps as JSON, or @FILE")
    .addOption(
      new Option("--engine <engine>", "engine to run")
        .choices(["reference", "asl"])
        .default("reference"),
    )
    .option("--json", "print the JSON report only (docs/semantics.md §8)")
    .option("--directory <json>", "users of each role as JSON { role: [user] }, or @FILE")
    .action(async (file: string, options: SimulateOptions) => {
      const { simulate } = await import("../actions/simulate.ts");
      await simulate(file, options);
    });
}
