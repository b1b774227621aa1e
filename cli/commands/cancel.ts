import { Command } from "commander";
import type { CancelOptions } from "../actions/cancel.ts";
import { commandOutput } from "../command-output.ts";
import { withEngineOptions } from "../engine-options.ts";

/**
 * `baton cancel INSTANCE [--json]`: the starter withdraws (撤回) a running instance on a
 * running engine; anyone else is refused (`forbidden`, exit 1), and so is an instance that
 * already ended (`conflict`).
 *
 * @example
 * // $ baton cancel 06H39S0J0P51AKWEE3V2BG6WEW --user wu-lei
 * new Command("baton").addCommand(cancelCommand());
 */
export function cancelCommand(): Command {
  const command = withEngineOptions(
    new Command("cancel")
      .description("cancel (withdraw) a running instance you started")
      .argument("<instance>", "the instance id")
      .option("--json", "print the API's answer"),
  );
  return command.action(async (instanceId: string, options: CancelOptions) => {
    const { cancel } = await import("../actions/cancel.ts");
    await cancel(instanceId, options, commandOutput(command));
  });
}
