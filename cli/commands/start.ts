import { Command } from "commander";
import type { StartOptions } from "../actions/start.ts";
import { commandOutput } from "../command-output.ts";
import { withEngineOptions } from "../engine-options.ts";

/**
 * `baton start TEMPLATE --input JSON|@FILE [--idempotency-key K] [--wait [--timeout S]] [--json]`:
 * starts an instance on a running engine (`baton dev`, or a deployed API) and prints its id;
 * with `--wait` follows it, each node's change on stderr, until it parks on people or
 * callbacks or ends, then says what it waits on. API refusals print their code, message and
 * details and exit 1; an unreachable engine exits 3; bad arguments exit 2.
 *
 * @example
 * // $ baton start cache-change --input @examples/cache-change.input.json --user wu-lei --wait
 * new Command("baton").addCommand(startCommand());
 */
export function startCommand(): Command {
  const command = withEngineOptions(
    new Command("start")
      .description("start an instance of a template on a running engine")
      .argument("<template>", "the template id")
      .requiredOption("--input <json>", "the start input (JSON, or @FILE)")
      .option(
        "--idempotency-key <key>",
        "a retried start with the same key returns the same instance",
      )
      .option("--wait", "follow the instance until it waits on people or callbacks, or ends")
      .option("--timeout <seconds>", "how long --wait waits at most", "60")
      .option("--json", "print the API's answer (with --wait, the instance as last read)"),
  );
  return command.action(async (templateId: string, options: StartOptions) => {
    const { start } = await import("../actions/start.ts");
    await start(templateId, options, commandOutput(command));
  });
}
