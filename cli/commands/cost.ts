import { Command } from "commander";
import { InputRefusedError } from "../../lambdas/core/engine/input-refused-error.ts";
import { assertValidInput } from "../../lambdas/core/engine/input-validator.ts";
import type { Template } from "../../lambdas/core/model/template.ts";
import { measureCost } from "../../lambdas/local/cost-report.ts";
import { minimalInput } from "../../lambdas/local/minimal-input.ts";
import { CliError } from "../cli-error.ts";
import { compileFlowOrRefuse } from "../compile-flow-or-refuse.ts";
import { costJson, costTable } from "../cost-table.ts";
import { readDirectoryArgument } from "../directory-argument.ts";
import { readJsonArgument } from "../json-argument.ts";
import { loadValidTemplate } from "../load-valid-template.ts";

interface CostOptions {
  input?: string;
  directory?: string;
  json?: boolean;
}

/** The start input: the one given, else the smallest one the template's schema accepts. */
async function startInput(template: Template, option: string | undefined): Promise<unknown> {
  if (option !== undefined) {
    const input = await readJsonArgument(option, "--input");
    try {
      assertValidInput(template, input);
    } catch (error) {
      if (error instanceof InputRefusedError) throw new CliError(`--input: ${error.message}`);
      throw error;
    }
    return input;
  }
  const input = minimalInput(template.input);
  try {
    assertValidInput(template, input);
  } catch (error) {
    if (!(error instanceof InputRefusedError)) throw error;
    throw new CliError(
      `--input is needed: the input generated from the schema of ${template.id} is refused (${error.problems.join("; ")})`,
    );
  }
  return input;
}

async function cost(file: string, options: CostOptions): Promise<void> {
  const template = await loadValidTemplate(file);
  const input = await startInput(template, options.input);
  const directory = await readDirectoryArgument(options.directory);
  const flow = compileFlowOrRefuse(template, file);
  let report: Awaited<ReturnType<typeof measureCost>>;
  try {
    report = await measureCost(flow, input, { directory });
  } catch (error) {
    throw new CliError(`${file}: cannot measure: ${(error as Error).message}`, 1);
  }
  process.stdout.write(options.json ? `${JSON.stringify(costJson(report))}\n` : costTable(report));
}

/**
 * `baton cost FILE [--input JSON|@FILE] [--directory JSON|@FILE] [--json]`: what one instance
 * of the compiled template costs on AWS, measured by running the state machine on the local
 * runtime: states, definition bytes and bytes per node; for the happy path (everything
 * approved, every task succeeds) and the worst path (the maximum over the happy path and one
 * script per approval or task node that rejects, fails or times it out), the state transitions,
 * Lambda invocations and DynamoDB writes. Without `--input`, the smallest input the template's
 * `input` schema accepts is used when one can be generated.
 *
 * @example
 * // $ baton cost definitions/cache-change.yaml --input @examples/cache-change.input.json
 * // cache-change v1: 54 states, 14,512 bytes (14.2 KB), 2,418.7 bytes/node (6 nodes)
 * // ...
 * new Command("baton").addCommand(costCommand());
 */
export function costCommand(): Command {
  return new Command("cost")
    .description(
      "measure what one instance costs on AWS: states, bytes, transitions, Lambda, DynamoDB",
    )
    .argument("<file>", "template file (.yaml, .yml, .json)")
    .option("--input <json>", "start input as JSON, or @FILE (default: generated from the schema)")
    .option("--directory <json>", "users of each role as JSON { role: [user] }, or @FILE")
    .option("--json", "print the numbers as JSON")
    .action(cost);
}
