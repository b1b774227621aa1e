import { Command } from "commander";
import type { DecideOptions } from "../actions/decide.ts";
import { commandOutput } from "../command-output.ts";
import { withEngineOptions } from "../engine-options.ts";

/**
 * `baton approve APPROVAL [--comment TEXT] [--form JSON|@FILE] [--json]`: approves as the
 * signed-in user on a running engine, with form values checked against the node's `form`, and
 * says whether the approval is now decided or waits on other seats. A decision already
 * recorded is refused (`conflict`, exit 1) with what was recorded.
 *
 * @example
 * // $ baton approve 06H….lead.1 --user zhou-min --comment "Needed for the gala."
 * new Command("baton").addCommand(approveCommand());
 */
export function approveCommand(): Command {
  const command = withEngineOptions(
    new Command("approve")
      .description("approve an approval as the signed-in user")
      .argument("<approval>", "the approval id (baton inbox lists them)")
      .option("--comment <text>", "a comment for the record (at most 2,000 characters)")
      .option("--form <json>", "values for the node's form (JSON, or @FILE)")
      .option("--json", "print the recorded decision as the API answers it"),
  );
  return command.action(async (approvalId: string, options: DecideOptions) => {
    const { decide } = await import("../actions/decide.ts");
    await decide("approve", approvalId, options, commandOutput(command));
  });
}
