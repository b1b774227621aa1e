import type { FlowAction } from "../lambdas/core/engine/flow-action.ts";
import type { InstanceState } from "../lambdas/core/engine/instance-state.ts";
import type { Template } from "../lambdas/core/model/template.ts";
import type { SimulationRun } from "../lambdas/core/simulation/simulate-reference.ts";
import type { SimulationReport } from "../lambdas/core/simulation/simulation-report.ts";

const EFFECTS = {
  applied: "applied",
  "not-pending": "ignored: node not pending",
  "not-permitted": "changed nothing: actor may not act",
} as const;

function describeAction(action: FlowAction): string {
  switch (action.act) {
    case "approve":
    case "reject":
      return `${action.node} ${action.act} by ${action.by}`;
    case "transfer":
      return `${action.node} transfer by ${action.by} to ${action.to}`;
    case "addSign":
      return `${action.node} addSign ${action.position} by ${action.by}: ${action.user}`;
    default:
      return `${action.node} ${action.act}`;
  }
}

function pending(state: InstanceState): string {
  const active = Object.entries(state.nodes)
    .filter(([, node]) => node.status === "active")
    .map(([id]) => id);
  return state.status === "running" ? `waiting on ${active.join(", ") || "nothing"}` : state.status;
}

/**
 * The human-readable account of a simulation: where start left the instance, each step with its
 * effect, the final status of every approval and task node, and why the engine failed a node.
 *
 * @param reasons - why nodes failed, by node id. @default {}
 * @example
 * process.stdout.write(describeRun(template, simulateReference(template, input, script)));
 */
export function describeRun(
  template: Template,
  run: SimulationRun,
  reasons: Readonly<Record<string, string>> = {},
): string {
  const lines = [`${template.id} v${template.version}`, `  start      → ${pending(run.initial)}`];
  run.steps.forEach((step, index) => {
    const what = describeAction(step.action);
    lines.push(
      `  step ${String(index).padEnd(4)} ${what} — ${EFFECTS[step.effect]} → ${pending(step.state)}`,
    );
  });
  return `${lines.join("\n")}\n${describeReport(template, run.report, reasons)}`;
}

/**
 * The final status of an instance and of each approval and task node, one per line, then a
 * line for each reason a node failed.
 *
 * @param reasons - why nodes failed, by node id. @default {}
 * @example
 * describeReport(template, { status: "completed", nodes: { lead: "approved" }, ignored: [] });
 * // "status: completed\n  lead  approved\n"
 * describeReport(template, { status: "failed", nodes: { lead: "failed" }, ignored: [] },
 *   { lead: "approvers role dba resolved to nobody" });
 * // "status: failed\n  lead  failed\napproval lead failed: approvers role dba resolved to nobody\n"
 */
export function describeReport(
  template: Template,
  report: SimulationReport,
  reasons: Readonly<Record<string, string>> = {},
): string {
  const width = Math.max(...template.nodes.map((node) => node.id.length));
  const lines = [`status: ${report.status}`];
  for (const [id, status] of Object.entries(report.nodes)) {
    lines.push(`  ${id.padEnd(width)}  ${status}`);
  }
  for (const node of template.nodes) {
    const reason = reasons[node.id];
    if (reason !== undefined) lines.push(`${node.type} ${node.id} failed: ${reason}`);
  }
  if (report.ignored.length > 0) lines.push(`ignored steps: ${report.ignored.join(", ")}`);
  return `${lines.join("\n")}\n`;
}
