import { Command } from "commander";
import type { StatusOptions } from "../actions/status.ts";
import { commandOutput } from "../command-output.ts";
import { withEngineOptions } from "../engine-options.ts";

/**
 * `baton status INSTANCE [--json] [--no-picture]`: where an instance stands on a running
 * engine — status, each approval and task with what it waits on — and its mermaid picture
 * coloured by status. `--json` prints `GET /v1/instances/{id}` as it is, which
 * `baton graph FILE --instance-state @FILE` draws.
 *
 * @example
 * // $ baton status 06H39S0J0P51AKWEE3V2BG6WEW --user wu-lei
 * new Command("baton").addCommand(statusCommand());
 */
export function statusCommand(): Command {
  const command = withEngineOptions(
    new Command("status")
      .description("show where an instance stands, with its picture")
      .argument("<instance>", "the instance id")
      .option("--json", "print the instance as the API reads it")
      .option("--no-picture", "leave out the mermaid picture"),
  );
  return command.action(async (instanceId: string, options: StatusOptions) => {
    const { status } = await import("../actions/status.ts");
    await status(instanceId, options, commandOutput(command));
  });
}
