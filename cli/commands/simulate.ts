import { Command, Option } from "commander";
import { InputRefusedError } from "../../lambdas/core/engine/input-refused-error.ts";
import { parseScript } from "../../lambdas/core/simulation/parse-script.ts";
import { ScriptRefusedError } from "../../lambdas/core/simulation/script-refused-error.ts";
import { simulateReference } from "../../lambdas/core/simulation/simulate-reference.ts";
import { compileFlow, simulateAsl } from "../../lambdas/local/simulate-asl.ts";
import { CliError } from "../cli-error.ts";
import { readDirectoryArgument } from "../directory-argument.ts";
import { readJsonArgument } from "../json-argument.ts";
import { loadValidTemplate } from "../load-valid-template.ts";
import { describeReport, describeRun } from "../simulation-printer.ts";

interface SimulateOptions {
  input: string;
  script: string;
  engine: "reference" | "asl";
  json?: boolean;
  directory?: string;
}

async function simulate(file: string, options: SimulateOptions): Promise<void> {
  const template = await loadValidTemplate(file);
  const input = await readJsonArgument(options.input, "--input");
  const directory = await readDirectoryArgument(options.directory);
  try {
    const script = parseScript(await readJsonArgument(options.script, "--script"));
    if (options.engine === "asl") {
      const report = await simulateAsl(compileFlow(template), input, script, directory);
      process.stdout.write(
        options.json ? `${JSON.stringify(report)}\n` : describeReport(template, report),
      );
      return;
    }
    const run = simulateReference(template, input, script, { directory });
    process.stdout.write(
      options.json ? `${JSON.stringify(run.report)}\n` : describeRun(template, run),
    );
  } catch (error) {
    if (error instanceof InputRefusedError || error instanceof ScriptRefusedError) {
      throw new CliError(error.message);
    }
    throw error;
  }
}

/**
 * `baton simulate TEMPLATE --input JSON|@FILE --script JSON|@FILE [--engine reference|asl]
 * [--json]` (SEMANTICS §8). `--directory` supplies the users of each role.
 *
 * @example
 * baton simulate definitions/cache-change.yaml --input '{"memoryGb":8}' --script @steps.json --json
 */
export function simulateCommand(): Command {
  return new Command("simulate")
    .description("run a template against a script of decisions (SEMANTICS §8)")
    .argument("<template>", "template file (.yaml, .yml or .json)")
    .requiredOption("--input <json>", "start input as JSON, or @FILE")
    .requiredOption("--script <json>", "list of steps as JSON, or @FILE")
    .addOption(
      new Option("--engine <engine>", "engine to run")
        .choices(["reference", "asl"])
        .default("reference"),
    )
    .option("--json", "print the SEMANTICS §8 JSON report only")
    .option("--directory <json>", "users of each role as JSON { role: [user] }, or @FILE")
    .action(simulate);
}
