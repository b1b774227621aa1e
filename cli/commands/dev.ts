import { Command } from "commander";
import type { DevOptions } from "../actions/dev.ts";

/**
 * `baton dev [--definitions DIR] [--port N] [--host H] [--data DIR] [--log-level L]`: serves Baton's HTTP API on
 * the embedded engine — the compiled state machines on the local interpreter, the same
 * operations as on AWS, the SQLite store `baton.db` under `--data`, the local bus — so it can
 * be tried with `curl` and tested as a black box. With `BATON_DEV_AUTH=1` on a loopback host, the header
 * `X-Baton-User: <id>` signs a request in (tenant `default`). Logs requests and engine errors
 * as JSON lines (Powertools' shape); serves `/healthz` and `/metrics`. Stops cleanly on Ctrl-C.
 *
 * @example
 * // $ BATON_DEV_AUTH=1 baton dev --port 3000
 * new Command("baton").addCommand(devCommand());
 */
export function devCommand(): Command {
  return new Command("dev")
    .description("serve the HTTP API on the embedded engine with the templates of a folder")
    .option("--definitions <dir>", "folder of flow templates", "definitions")
    .option("--port <n>", "port to listen on (default: $PORT or 3000)")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option(
      "--data <dir>",
      "where the engine keeps its signing keys and its SQLite store",
      ".baton",
    )
    .option(
      "--log-level <level>",
      "JSON log level: TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL or SILENT (default: $LOG_LEVEL, $POWERTOOLS_LOG_LEVEL or INFO)",
    )
    .action(async (options: DevOptions) => {
      const { dev } = await import("../actions/dev.ts");
      await dev(options);
    });
}
