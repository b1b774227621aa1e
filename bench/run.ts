import { readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import aslValidator from "asl-validator";
import { costTable } from "../cli/cost-table.ts";
import { decompose } from "../lambdas/core/compiler/series-parallel.ts";
import type { Template } from "../lambdas/core/model/template.ts";
import { loadTemplateFile } from "../lambdas/core/template/load-template-file.ts";
import { isTemplateFileName } from "../lambdas/core/template/template-file-name.ts";
import { type CostReport, measureCost } from "../lambdas/local/cost-report.ts";
import { DEFINITION_LIMIT_BYTES } from "../lambdas/local/definition-size.ts";
import { localStateMachine } from "../lambdas/local/local-state-machine.ts";
import type { FailureStep } from "../lambdas/local/scripted-run.ts";
import { type CompileTiming, timeCompile } from "./compile-timing.ts";
import { bundleChecks, bundleTable, measureHandlerBundles } from "./handler-bundles.ts";
import { chainOf, fanOutOf, type SyntheticTemplate } from "./synthetic-templates.ts";

/** `npm run bench`: what compiled templates cost, measured, next to the targets they aim at. */

const KB = 1024;
/** aws-local-stepfunctions 3 runs Parallel branches through `p-limit(40)`. */
const LOCAL_BRANCHES = 40;
const TARGETS = {
  bytesPerNode: 1.2 * KB,
  definitionBytes: DEFINITION_LIMIT_BYTES,
  compileMs: 1000,
  transitionsPerApproval: 2,
  routingLambdas: 0,
};

interface Measured {
  name: string;
  template: Template;
  timing: CompileTiming;
  validMs: number;
  valid: boolean;
  report: CostReport;
  synthetic?: SyntheticTemplate;
}

interface Check {
  met: boolean;
  text: string;
}

const checks: Check[] = [];
const out = (line = "") => process.stdout.write(`${line}\n`);
const number = (value: number, digits = 0) =>
  value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

function check(met: boolean, what: string, measured: string, target: string): void {
  checks.push({ met, text: `${met ? "✓" : "✗"} ${what}: ${measured} (target ${target})` });
}

/** Compiles (timed), validates once and measures one template on the local runtime. */
async function measure(
  name: string,
  template: Template,
  input: unknown,
  options: { runs: number; steps?: FailureStep[]; synthetic?: SyntheticTemplate },
): Promise<Measured> {
  const timing = await timeCompile(template, options.runs);
  const validStarted = performance.now();
  const { isValid } = aslValidator(structuredClone(timing.definition));
  const validMs = performance.now() - validStarted;
  const flow = {
    template,
    definition: timing.definition,
    interpreter: localStateMachine(timing.definition),
  };
  const report = await measureCost(flow, input, options.steps ? { steps: options.steps } : {});
  const measured: Measured = { name, template, timing, validMs, valid: isValid, report };
  if (options.synthetic) measured.synthetic = options.synthetic;
  print(measured);
  if (options.synthetic?.kind === "fan-out" && options.synthetic.approvals > LOCAL_BRANCHES) {
    out(
      `  note: the local interpreter runs at most ${LOCAL_BRANCHES} Parallel branches at once; the others start as earlier ones end,\n` +
        "  and a join: any race drops the late ones before their approval is stored (AWS would store, then withdraw, each one)\n",
    );
  }
  return measured;
}

function print({ timing, validMs, valid, report }: Measured): void {
  out(costTable(report).trimEnd());
  const overflow = timing.overflow ? ` — overflowed the default stack: ${timing.overflow}` : "";
  out(
    `  compile ${number(timing.medianMs, 1)} ms (median of ${timing.runs})${overflow}; asl-validator: ${valid ? "valid" : "INVALID"} (${number(validMs)} ms)`,
  );
  out();
}

function routingLambdas(report: CostReport): number {
  return Math.max(
    ...report.scripts.map(
      (script) => script.metrics.lambdaInvocations - script.nodeRuns - script.closes,
    ),
  );
}

async function examples(): Promise<Measured[]> {
  const files = (await readdir("definitions")).filter(isTemplateFileName).sort();
  const measured: Measured[] = [];
  for (const file of files) {
    const id = basename(file).replace(/\.ya?ml$/, "");
    const inputText = await readFile(join("examples", `${id}.input.json`), "utf8").catch(
      () => undefined,
    );
    const { template } = await loadTemplateFile(join("definitions", file));
    if (!template || inputText === undefined) {
      out(`${id}: ${template ? "no examples/<id>.input.json" : "invalid template"}, skipped\n`);
      continue;
    }
    measured.push(await measure(id, template, JSON.parse(inputText), { runs: 5 }));
  }
  return measured;
}

/** Failure scripts for a synthetic template: all of them, or the first, middle and last. */
function rejections(synthetic: SyntheticTemplate, sample: "all" | "ends" | "none"): FailureStep[] {
  const approvals = synthetic.template.nodes.filter((node) => node.type === "approval");
  const picked =
    sample === "all"
      ? approvals
      : sample === "ends"
        ? [
            ...new Set([
              approvals[0],
              approvals[Math.floor(approvals.length / 2)],
              approvals[approvals.length - 1],
            ]),
          ]
        : [];
  return picked.flatMap((node) => (node ? [{ node: node.id, act: "reject" as const }] : []));
}

async function synthetics(): Promise<Measured[]> {
  const plan: [SyntheticTemplate, "all" | "ends" | "none"][] = [
    [chainOf(10), "all"],
    [chainOf(100), "ends"],
    [chainOf(1000), "none"],
    [fanOutOf(10, "all"), "all"],
    [fanOutOf(10, "any"), "all"],
    [fanOutOf(50, "all"), "ends"],
    [fanOutOf(50, "any"), "ends"],
  ];
  const measured: Measured[] = [];
  for (const [synthetic, sample] of plan) {
    const runs = synthetic.template.nodes.length > 500 ? 3 : 5;
    const steps = rejections(synthetic, sample);
    measured.push(
      await measure(synthetic.name, synthetic.template, {}, { runs, steps, synthetic }),
    );
  }
  return measured;
}

function targets(all: Measured[]): void {
  for (const { name, report } of all) {
    check(
      report.bytesPerNode <= TARGETS.bytesPerNode,
      `${name} bytes per node`,
      number(report.bytesPerNode),
      `≤ ${number(TARGETS.bytesPerNode)} (1.2 KB)`,
    );
  }
  const biggest = all.find((entry) => entry.name === "chain-1000");
  if (biggest) {
    check(
      biggest.report.bytes < TARGETS.definitionBytes,
      "chain-1000 definition size",
      `${number(biggest.report.bytes)} bytes`,
      `< ${number(TARGETS.definitionBytes)} (1 MB)`,
    );
    check(
      biggest.timing.medianMs < TARGETS.compileMs && !biggest.timing.overflow,
      "chain-1000 compile time",
      `${number(biggest.timing.medianMs)} ms${biggest.timing.overflow ? ", and it overflowed the default stack" : ""}`,
      "< 1,000 ms on the default stack",
    );
  }
  for (const { name, report, synthetic } of all) {
    if (synthetic?.kind !== "chain") continue;
    const happy = report.happy.metrics.stateTransitions / synthetic.approvals;
    const worst = report.worst.stateTransitions / synthetic.approvals;
    check(
      happy <= TARGETS.transitionsPerApproval,
      `${name} transitions per approval, happy path`,
      `${number(happy, 2)} (${report.happy.metrics.stateTransitions} / ${synthetic.approvals}); worst path ${number(worst, 2)}`,
      `≤ ${TARGETS.transitionsPerApproval}`,
    );
  }
  // Series-parallel templates only: the scheduler loop routes through the step function.
  for (const { name, report, template } of all) {
    if (!decompose(template)) continue;
    const lambdas = routingLambdas(report);
    check(
      lambdas <= TARGETS.routingLambdas,
      `${name} Lambda invocations for routing and joins`,
      `${lambdas} (${report.happy.metrics.lambdaInvocations} in all, ${report.happy.nodeRuns} of them approval requests and plugin calls)`,
      `${TARGETS.routingLambdas}`,
    );
  }
  for (const { name, valid } of all) {
    if (!valid)
      checks.push({ met: false, text: `✗ ${name}: asl-validator refuses the definition` });
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  out("Baton bench: compiled state machines, measured on the local runtime (npm run bench)");
  out("KB = 1,024 bytes; nodes include start and end; figures are per instance.\n");
  out("== Example definitions (definitions/*.yaml, input examples/<id>.input.json) ==\n");
  const measured = await examples();
  out("== Synthetic templates (chains of approvals; fan-outs joined all / any) ==\n");
  measured.push(...(await synthetics()));
  targets(measured);
  out(
    "== Lambda bundles (cdk/handler-bundling.ts options; init: fresh Node 22 process, import timed) ==\n",
  );
  const bundles = await measureHandlerBundles();
  out(bundleTable(bundles));
  checks.push(...bundleChecks(bundles));
  out("== Targets ==\n");
  for (const { text } of checks) out(`  ${text}`);
  const met = checks.filter(({ met }) => met).length;
  out(
    `\n${met} of ${checks.length} targets met; bench took ${number((performance.now() - started) / 1000, 1)} s`,
  );
}

await main();
// The local interpreter leaves timers behind for Task states of stopped branches.
await new Promise((resolve) => process.stdout.write("", resolve));
process.exit();
