import { readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { parseScript } from "../lambdas/core/simulation/parse-script.ts";
import { simulateReference } from "../lambdas/core/simulation/simulate-reference.ts";
import { loadTemplateFile } from "../lambdas/core/template/load-template-file.ts";
import { isTemplateFileName } from "../lambdas/core/template/template-file-name.ts";
import { compileFlow, simulateAsl } from "../lambdas/local/simulate-asl.ts";
import { problemLines } from "./problem-report.ts";
import { describeRun } from "./simulation-printer.ts";

const DEFINITIONS = "definitions";
const EXAMPLES = "examples";

/** The JSON in a file, or `undefined` when there is no such file. */
async function readJson(file: string): Promise<unknown> {
  const text = await readFile(file, "utf8").catch(() => undefined);
  return text === undefined ? undefined : JSON.parse(text);
}

/**
 * `npm run demo`: validates every definition, then walks each
 * one that has a sample input and script (`examples/<id>.input.json` and `.script.json`)
 * through the reference engine, printing each step and the final statuses, and runs the same
 * script on its compiled state machine to show that both give the same report.
 */
async function main(): Promise<void> {
  const files = (await readdir(DEFINITIONS))
    .filter(isTemplateFileName)
    .sort()
    .map((name) => join(DEFINITIONS, name));
  const loaded = await Promise.all(files.map(loadTemplateFile));
  console.log(`Validating ${files.length} definitions`);
  for (const entry of loaded) {
    if (entry.template)
      console.log(`✓ ${entry.file} — ${entry.template.id} v${entry.template.version}`);
    else console.log(problemLines(entry).join("\n"));
  }
  for (const { template, file } of loaded) {
    if (!template) continue;
    const stem = join(EXAMPLES, basename(file).replace(/\.[^.]+$/, ""));
    const [input, script] = await Promise.all([
      readJson(`${stem}.input.json`),
      readJson(`${stem}.script.json`),
    ]);
    if (input === undefined || script === undefined) {
      console.log(`\n${template.id}: no sample input and script in ${EXAMPLES}/, not walked`);
      continue;
    }
    console.log(
      `\nWalking ${template.id} through the reference engine, input ${JSON.stringify(input)}`,
    );
    const steps = parseScript(script);
    const run = simulateReference(template, input, steps);
    process.stdout.write(describeRun(template, run));
    const flow = compileFlow(template);
    const compiled = await simulateAsl(flow, input, steps);
    const same = JSON.stringify(compiled) === JSON.stringify(run.report);
    const size = (JSON.stringify(flow.definition).length / 1024).toFixed(1);
    console.log(
      `compiled state machine (${size} KB of ASL) on the local Step Functions interpreter: ${same ? "same report ✓" : `DIFFERENT ✗ ${JSON.stringify(compiled)}`}`,
    );
    if (!same) process.exitCode = 1;
  }
  if (loaded.some((entry) => !entry.template)) process.exitCode = 1;
}

await main();
// The local interpreter leaves timers behind for Task states whose branch was stopped.
process.exit();
