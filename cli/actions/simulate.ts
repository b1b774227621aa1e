import { InputRefusedError } from "../../lambdas/core/engine/input-refused-error.ts";
import type { Template } from "../../lambdas/core/model/template.ts";
import { failureReasons } from "../../lambdas/core/simulation/failure-reasons.ts";
import { parseScript } from "../../lambdas/core/simulation/parse-script.ts";
import { ScriptRefusedError } from "../../lambdas/core/simulation/script-refused-error.ts";
import { simulateReference } from "../../lambdas/core/simulation/simulate-reference.ts";
import { compileFlow, simulateAsl } from "../../lambdas/local/simulate-asl.ts";
import { CliError } from "../cli-error.ts";
import { readDirectoryArgument } from "../directory-argument.ts";
import { readJsonArgument } from "../json-argument.ts";
import { loadValidTemplate } from "../load-valid-template.ts";
import { describeReport, describeRun } from "../simulation-printer.ts";

/** The options of `baton simulate`. */
export interface SimulateOptions {
  input: string;
  script: string;
  engine: "reference" | "asl";
  json?: boolean;
  directory?: string;
}

/** A role that resolved to nobody because no directory was given says so. */
function withDirectoryHint(
  template: Template,
  reasons: Record<string, string>,
  directoryGiven: boolean,
): Record<string, string> {
  if (directoryGiven) return reasons;
  const hinted = { ...reasons };
  for (const node of template.nodes) {
    if (node.type === "approval" && node.approvers.role !== undefined && node.id in hinted) {
      hinted[node.id] = `${hinted[node.id]} (no --directory was given)`;
    }
  }
  return hinted;
}

/**
 * What `baton simulate FILE` does (docs/semantics.md §8): runs the script on the chosen engine
 * and prints each step and the final statuses, or with `--json` the report only. With the
 * reference engine, an approval the engine failed (its approvers resolve to nobody) gets its
 * reason: a line in the text, and in the JSON an extra `reasons: { node: reason }` field,
 * present only when there is one.
 *
 * @example
 * await simulate("definitions/cache-change.yaml", {
 *   input: "@examples/cache-change.input.json",
 *   script: "@examples/cache-change.script.json",
 *   engine: "reference",
 *   json: true,
 * });
 */
export async function simulate(file: string, options: SimulateOptions): Promise<void> {
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
    const reasons = withDirectoryHint(
      template,
      failureReasons(template, run.state),
      options.directory !== undefined,
    );
    const explained = Object.keys(reasons).length > 0 ? { ...run.report, reasons } : run.report;
    process.stdout.write(
      options.json ? `${JSON.stringify(explained)}\n` : describeRun(template, run, reasons),
    );
  } catch (error) {
    if (error instanceof InputRefusedError || error instanceof ScriptRefusedError) {
      throw new CliError(error.message);
    }
    throw error;
  }
}
