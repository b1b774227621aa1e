import { Command } from "commander";
import type { DecideOptions } from "../actions/decide.ts";
import { commandOutput } from "../command-output.ts";
import { withEngineOptions } from "../engine-options.ts";

/**
 * `baton reject APPROVAL [--comment TEXT] [--json]`: rejects as the signed-in user on a
 * running engine, and says where the approval now stands.
 *
 * @example
 * // $ baton reject 06H….lead.1 --user zhou-min --comment "Not this quarter."
 * new Command("baton").addCommand(rejectCommand());
 */
export function rejectCommand(): Command {
  const command = withEngineOptions(
    new Command("reject")
      .description("reject an approval as the signed-in user")
      .argument("<approval>", "the approval id (baton inbox lists them)")
      .option("--comment <text>", "a comment for the record (at most 2,000 characters)")
      .option("--json", "print the recorded decision as the API answers it"),
  );
  return command.action(async (approvalId: string, options: DecideOptions) => {
    const { decide } = await import("../actions/decide.ts");
    await decide("reject", approvalId, options, commandOutput(command));
  });
}
