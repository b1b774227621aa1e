import { Command } from "commander";
import type { CostOptions } from "../actions/cost.ts";

/**
 * `baton cost FILE [--input JSON|@FILE] [--directory JSON|@FILE] [--json]`: what one instance
 * of the compiled template costs on AWS, measured by running the state machine on the local
 * runtime: states, definition bytes and bytes per node; for the happy path (everything
 * approved, every task succeeds) and the worst path (the maximum over the happy path and one
 * script per approval or task node that rejects, fails or times it out), the state transitions,
 * Lambda invocations and DynamoDB writes, and what 1,000 instances of each path cost in
 * dollars at the price table's list prices (`lambdas/local/aws-prices.ts`). Without `--input`,
 * the smallest input the template's `input` schema accepts is used when one can be generated.
 * The compiler and the local runtime are loaded only when the command runs.
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
      "measure what one instance costs on AWS: states, bytes, transitions, Lambda, DynamoDB, and dollars per 1,000 instances",
    )
    .argument("<file>", "template file (.yaml, .yml, .json)")
    .option("--input <json>", "start input as JSON, or @FILE (default: generated from the schema)")
    .option("--directory <json>", "users of each role as JSON { role: [user] }, or @FILE")
    .option("--json", "print the numbers as JSON")
    .action(async (file: string, options: CostOptions) => {
      const { cost } = await import("../actions/cost.ts");
      await cost(file, options);
    });
}
