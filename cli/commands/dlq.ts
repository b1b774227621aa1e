import { Command } from "commander";
import type { DlqListOptions } from "../actions/dlq-list.ts";
import type { DlqRedriveOptions } from "../actions/dlq-redrive.ts";

/**
 * `baton dlq list` and `baton dlq redrive [ID…|--all]`: the events the embedded engine's
 * plugins never took (docs/plugins.md), read from the data folder's SQLite store (`--data`,
 * default `.baton`, as `baton dev` keeps it; it may be running meanwhile). A redrive delivers
 * each letter once more to its plugin as `plugins.yaml` of `--definitions` declares it now,
 * and removes the letters delivered; exit 1 if any was not.
 *
 * @example
 * // $ baton dlq list
 * // $ baton dlq redrive --all
 * new Command("baton").addCommand(dlqCommand());
 */
export function dlqCommand(): Command {
  const dlq = new Command("dlq").description(
    "list and redrive the events plugins never took (the embedded engine's dead letters)",
  );
  dlq
    .command("list")
    .description("list the dead letters, oldest first")
    .option("--data <dir>", "the engine's data folder (as baton dev --data)", ".baton")
    .option("--json", "print the letters as JSON, envelopes and all")
    .action(async (options: DlqListOptions) => {
      const { dlqList } = await import("../actions/dlq-list.ts");
      await dlqList(options);
    });
  dlq
    .command("redrive")
    .description("deliver dead letters again to their plugins; delivered ones are removed")
    .argument("[ids...]", "the dead letters to redrive (ids from baton dlq list)")
    .option("--all", "redrive every dead letter")
    .option("--data <dir>", "the engine's data folder (as baton dev --data)", ".baton")
    .option(
      "--definitions <dir>",
      "the folder whose plugins.yaml declares the plugins",
      "definitions",
    )
    .option(
      "--public-url <url>",
      "where the notifier's approval links point (the running engine's URL)",
      "http://127.0.0.1:3000",
    )
    .action(async (ids: string[], options: DlqRedriveOptions) => {
      const { dlqRedrive } = await import("../actions/dlq-redrive.ts");
      await dlqRedrive(ids, options);
    });
  return dlq;
}
