import { ASSUMED_LAMBDA_INVOCATION, AWS_PRICES } from "../lambdas/local/aws-prices.ts";
import { COST_METRICS, type CostReport } from "../lambdas/local/cost-report.ts";
import {
  type DollarsPerThousand,
  dollarsPerThousand,
  type PricedCounts,
} from "../lambdas/local/instance-dollars.ts";

const HEADERS = ["transitions", "Lambda invocations", "DynamoDB writes"] as const;
const SHORT = ["transitions", "Lambda", "DynamoDB"] as const;

/** A byte count with thousands separators and in KB (1 KB = 1,024 bytes). */
export function formatBytes(bytes: number): string {
  return `${bytes.toLocaleString("en-US")} bytes (${(bytes / 1024).toFixed(1)} KB)`;
}

/** Dollars with four decimals (a thousand instances often cost cents). */
function dollars(amount: number): string {
  return `$${amount.toFixed(4)}`;
}

/** One path's dollars per 1,000 instances, in all and by service. */
function dollarLine(label: string, counts: PricedCounts): string {
  const cost = dollarsPerThousand(counts);
  return `${label}${dollars(cost.total).padStart(9)}  (transitions ${dollars(cost.stateTransitions)}, Lambda ${dollars(cost.lambda)}, DynamoDB writes ${dollars(cost.dynamoDbWrites)})`;
}

/**
 * The human-readable cost report: the definition's size, then a table of the happy and the
 * worst path per instance, each metric measured on the local runtime, and which script gave
 * each worst figure; then what 1,000 instances of each path cost at the price table's list
 * prices (`lambdas/local/aws-prices.ts`).
 *
 * @example
 * process.stdout.write(costTable(report));
 * // cache-change v1: 15 states, 5,238 bytes (5.1 KB), 873 bytes/node (6 nodes)
 * //               transitions  Lambda invocations  DynamoDB writes  status / worst script
 * //   happy path            6                   3               31  completed
 * //   worst path            8                   4               39  fail provision
 * //   (per instance, measured on the local runtime over 9 scripts)
 * // dollars per 1,000 instances (us-east-1 list prices of 2026-12-02; Lambda 512 MB × 100 ms a call):
 * //   happy path    $0.1720  (transitions $0.1500, Lambda $0.0026, DynamoDB writes $0.0194)
 * //   worst path    $0.2278  (transitions $0.2000, Lambda $0.0035, DynamoDB writes $0.0244)
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
    `dollars per 1,000 instances (${AWS_PRICES.region} list prices of ${AWS_PRICES.takenOn}; Lambda ${ASSUMED_LAMBDA_INVOCATION.memoryMb} MB × ${ASSUMED_LAMBDA_INVOCATION.durationMs} ms a call):`,
    dollarLine(label("happy path"), happy.metrics),
    dollarLine(label("worst path"), worst),
  ];
  return `${lines.join("\n")}\n`;
}

/**
 * The numbers of a cost report as plain JSON: size, then the happy and the worst path, then
 * the dollars per 1,000 instances of each path and the prices they come from.
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
    dollarsPerThousand: {
      happy: dollarsPerThousand(report.happy.metrics),
      worst: dollarsPerThousand(report.worst),
      prices: AWS_PRICES,
      lambdaInvocation: ASSUMED_LAMBDA_INVOCATION,
    } satisfies Record<string, DollarsPerThousand | object>,
  };
}
