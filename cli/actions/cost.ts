import { InputRefusedError } from "../../lambdas/core/engine/input-refused-error.ts";
import { assertValidInput } from "../../lambdas/core/engine/input-validator.ts";
import type { Template } from "../../lambdas/core/model/template.ts";
import { ajvSchemaValidators } from "../../lambdas/core/schema/ajv-schema-validators.ts";
import { type CostReport, measureCost } from "../../lambdas/local/cost-report.ts";
import { minimalInput } from "../../lambdas/local/minimal-input.ts";
import { compileFlow } from "../../lambdas/local/simulate-asl.ts";
import { CliError } from "../cli-error.ts";
import { costJson, costTable } from "../cost-table.ts";
import { readDirectoryArgument } from "../directory-argument.ts";
import { readJsonArgument } from "../json-argument.ts";
import { loadValidTemplate } from "../load-valid-template.ts";

/** The options of `baton cost`. */
export interface CostOptions {
  input?: string;
  directory?: string;
  json?: boolean;
}

/** The validators of the start inputs `baton cost` checks. */
const COST_SCHEMAS = ajvSchemaValidators();

/** The start input: the one given, else the smallest one the template's schema accepts. */
async function startInput(template: Template, option: string | undefined): Promise<unknown> {
  if (option !== undefined) {
    const input = await readJsonArgument(option, "--input");
    try {
      assertValidInput(template, input, COST_SCHEMAS);
    } catch (error) {
      if (error instanceof InputRefusedError) throw new CliError(`--input: ${error.message}`);
      throw error;
    }
    return input;
  }
  const input = minimalInput(template.input);
  try {
    assertValidInput(template, input, COST_SCHEMAS);
  } catch (error) {
    if (!(error instanceof InputRefusedError)) throw error;
    throw new CliError(
      `--input is needed: the input generated from the schema of ${template.id} is refused (${error.problems.join("; ")}); give such a field an \`examples\` value`,
    );
  }
  return input;
}

/**
 * What `baton cost FILE` does: compiles the template, measures one instance on the local
 * runtime (happy path and one failure script per approval or task) and prints the table, or
 * the numbers as JSON with `--json`.
 *
 * @example
 * await cost("definitions/cache-change.yaml", { json: true });
 */
export async function cost(file: string, options: CostOptions): Promise<void> {
  const template = await loadValidTemplate(file);
  const input = await startInput(template, options.input);
  const directory = await readDirectoryArgument(options.directory);
  const flow = compileFlow(template);
  let report: CostReport;
  try {
    report = await measureCost(flow, input, { directory });
  } catch (error) {
    throw new CliError(`${file}: cannot measure: ${(error as Error).message}`, 1);
  }
  process.stdout.write(options.json ? `${JSON.stringify(costJson(report))}\n` : costTable(report));
}
