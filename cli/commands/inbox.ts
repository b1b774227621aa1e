import { Command } from "commander";
import type { InboxOptions } from "../actions/inbox.ts";
import { commandOutput } from "../command-output.ts";
import { withEngineOptions } from "../engine-options.ts";

/**
 * `baton inbox USER [--view todo|done|cc|started] [--cursor C] [--json]`: USER's inbox on a
 * running engine, newest first: approvals to decide (default), decided, instances copied to
 * them, instances they started. Signs in as USER on `baton dev` unless `--user` or a token says
 * otherwise (the API lists only the caller's own inbox).
 *
 * @example
 * // $ baton inbox zhou-min
 * // APPROVAL                        TEMPLATE      NODE  SINCE
 * // 06H39S0J0P51AKWEE3V2BG6WEW.lead.1  cache-change  lead  2026-12-02T03:54:51.793Z
 * new Command("baton").addCommand(inboxCommand());
 */
export function inboxCommand(): Command {
  const command = withEngineOptions(
    new Command("inbox")
      .description("list a user's approvals to decide (or decided, CC'd, started)")
      .argument("<user>", "whose inbox")
      .option("--view <view>", "todo, done, cc or started", "todo")
      .option("--cursor <cursor>", "the next page, as the last listing named it")
      .option("--json", "print the API's answer, approval links included"),
  );
  return command.action(async (user: string, options: InboxOptions) => {
    const { inbox } = await import("../actions/inbox.ts");
    await inbox(user, options, commandOutput(command));
  });
}
