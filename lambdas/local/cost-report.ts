import type { Directory } from "../core/approval/directory.ts";
import type { Template } from "../core/model/template.ts";
import { type DefinitionSize, definitionSize } from "./definition-size.ts";
import {
  type FailureStep,
  type RunMetrics,
  runScripted,
  type ScriptedRun,
} from "./scripted-run.ts";
import type { CompiledFlow } from "./simulate-asl.ts";

/** The metrics a cost report measures, in the order it prints them. */
export const COST_METRICS = ["stateTransitions", "lambdaInvocations", "dynamoDbWrites"] as const;

const BY_HAPPY = {
  stateTransitions: "happy path",
  lambdaInvocations: "happy path",
  dynamoDbWrites: "happy path",
};

/** One measured script: the happy path (`failing` absent) or one node made to go wrong. */
export interface ScriptCost extends ScriptedRun {
  /** `happy path`, or what went wrong, e.g. `reject lead`. */
  label: string;
  failing?: FailureStep;
}

/** What one instance of a compiled template costs on AWS, measured on the local runtime. */
export interface CostReport extends DefinitionSize {
  template: { id: string; version: number };
  /** The template's nodes, `start` and `end` included. */
  nodes: number;
  happy: ScriptCost;
  /** The largest value of each metric over every script, and the first script that reached it. */
  worst: RunMetrics & { by: Record<keyof RunMetrics, string> };
  /** Every script measured, the happy path first. */
  scripts: ScriptCost[];
}

/**
 * The ways each approval and task node can be made to go wrong from outside: an approval is
 * rejected, or times out if it has a `timeout`; a `sync` or `callback` task fails, or times out
 * if it has a `timeout`. `fire` tasks cannot go wrong.
 *
 * @example
 * failureSteps(template); // [{ node: "lead", act: "reject" }, { node: "lead", act: "timeout" }, …]
 */
export function failureSteps(template: Template): FailureStep[] {
  return template.nodes.flatMap((node): FailureStep[] => {
    if (node.type !== "approval" && (node.type !== "task" || node.mode === "fire")) return [];
    const timeout: FailureStep[] =
      node.timeout === undefined ? [] : [{ node: node.id, act: "timeout" }];
    return [{ node: node.id, act: node.type === "approval" ? "reject" : "fail" }, ...timeout];
  });
}

/** Options of {@link measureCost}. */
export interface CostOptions {
  /** Resolves `approvers: { role }`. @default every role empty */
  directory?: Directory;
  /**
   * The failure scripts to run for the worst path (`[]` measures the happy path alone, which
   * then is the worst path too). @default failureSteps(template)
   */
  steps?: readonly FailureStep[];
}

/**
 * Measures what one instance of a compiled flow costs by running it on the local runtime: the
 * happy path (every approval approved, every task succeeds) and, for the worst path, one script
 * per {@link failureSteps} entry that makes that node go wrong and approves everything else.
 * The worst path is the maximum of each metric over all scripts (the happy path included), so
 * its three figures may come from different scripts.
 *
 * @example
 * const report = await measureCost(compileFlow(template), input);
 * report.happy.metrics.stateTransitions; // 5
 * report.worst.by.stateTransitions;      // "reject lead"
 */
export async function measureCost(
  flow: CompiledFlow,
  input: unknown,
  options: CostOptions = {},
): Promise<CostReport> {
  const { template, definition } = flow;
  const { directory } = options;
  const happy: ScriptCost = {
    label: "happy path",
    ...(await runScripted(flow, input, { directory })),
  };
  const scripts = [happy];
  for (const failing of options.steps ?? failureSteps(template)) {
    const run = await runScripted(flow, input, { failing, directory });
    scripts.push({ label: `${failing.act} ${failing.node}`, failing, ...run });
  }
  const worst: CostReport["worst"] = { ...happy.metrics, by: { ...BY_HAPPY } };
  for (const metric of COST_METRICS) {
    const top = scripts.reduce((best, script) =>
      script.metrics[metric] > best.metrics[metric] ? script : best,
    );
    worst[metric] = top.metrics[metric];
    worst.by[metric] = top.label;
  }
  return {
    template: { id: template.id, version: template.version },
    nodes: template.nodes.length,
    ...definitionSize(definition, template.nodes.length),
    happy,
    worst,
    scripts,
  };
}
