import { COST_METRICS, type CostReport } from "../lambdas/local/cost-report.ts";

const HEADERS = ["transitions", "Lambda invocations", "DynamoDB writes"] as const;
const SHORT = ["transitions", "Lambda", "DynamoDB"] as const;

/** A byte count with thousands separators and in KB (1 KB = 1,024 bytes). */
export function formatBytes(bytes: number): string {
  return `${bytes.toLocaleString("en-US")} bytes (${(bytes / 1024).toFixed(1)} KB)`;
}

/**
 * The human-readable cost report: the definition's size, then a table of the happy and the
 * worst path per instance, each metric measured on the local runtime, and which script gave
 * each worst figure.
 *
 * @example
 * process.stdout.write(costTable(report));
 * // cache-change v1: 54 states, 14,512 bytes (14.2 KB), 2,418.7 bytes/node (6 nodes)
 * //               transitions  Lambda invocations  DynamoDB writes  status / worst script
 * //   happy path           17                   3                5  completed
 * //   worst path           19                   4                7  fail provision
 */
export function costTable(report: CostReport): string {
  const { template, happy, worst } = report;
  const size = `${report.states} states, ${formatBytes(report.bytes)}, ${report.bytesPerNode.toLocaleString("en-US")} bytes/node (${report.nodes} nodes)`;
  const label = (text: string) => `  ${text.padEnd(12)}`;
  const cells = (values: readonly number[]) =>
    values.map((value, index) => String(value).padStart((HEADERS[index] ?? "").length)).join("  ");
  const scripts = new Set(COST_METRICS.map((metric) => worst.by[metric]));
  const worstBy =
    scripts.size === 1
      ? worst.by.stateTransitions
      : COST_METRICS.map((metric, index) => `${SHORT[index]}: ${worst.by[metric]}`).join("; ");
  const lines = [
    `${template.id} v${template.version}: ${size}`,
    `${label("")}${HEADERS.join("  ")}  status / worst script`,
    `${label("happy path")}${cells(COST_METRICS.map((metric) => happy.metrics[metric]))}  ${happy.status}`,
    `${label("worst path")}${cells(COST_METRICS.map((metric) => worst[metric]))}  ${worstBy}`,
    `  (per instance, measured on the local runtime over ${report.scripts.length} script${report.scripts.length === 1 ? "" : "s"})`,
  ];
  return `${lines.join("\n")}\n`;
}

/**
 * The numbers of a cost report as plain JSON: size, then the happy and the worst path.
 *
 * @example
 * JSON.stringify(costJson(report)); // {"template":"cache-change","version":1,"states":54,…}
 */
export function costJson(report: CostReport): Record<string, unknown> {
  return {
    template: report.template.id,
    version: report.template.version,
    nodes: report.nodes,
    states: report.states,
    bytes: report.bytes,
    bytesPerNode: report.bytesPerNode,
    happy: { status: report.happy.status, ...report.happy.metrics, actions: report.happy.actions },
    worst: { ...report.worst },
    scripts: report.scripts.map((script) => ({
      script: script.label,
      status: script.status,
      reached: script.reached,
      ...script.metrics,
      actions: script.actions,
    })),
  };
}
