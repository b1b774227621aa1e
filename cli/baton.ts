#!/usr/bin/env -S node --disable-warning=ExperimentalWarning
import { Command } from "commander";
import packageJson from "../package.json" with { type: "json" };
import { CliError } from "./cli-error.ts";
import { approveCommand } from "./commands/approve.ts";
import { auditCommand } from "./commands/audit.ts";
import { cancelCommand } from "./commands/cancel.ts";
import { compileCommand } from "./commands/compile.ts";
import { costCommand } from "./commands/cost.ts";
import { devCommand } from "./commands/dev.ts";
import { dlqCommand } from "./commands/dlq.ts";
import { graphCommand } from "./commands/graph.ts";
import { inboxCommand } from "./commands/inbox.ts";
import { rejectCommand } from "./commands/reject.ts";
import { simulateCommand } from "./commands/simulate.ts";
import { startCommand } from "./commands/start.ts";
import { statusCommand } from "./commands/status.ts";
import { streamRedriveCommand } from "./commands/stream-redrive.ts";
import { validateCommand } from "./commands/validate.ts";

// Each command loads what it runs on (template loader, compiler, local interpreter, …) only
// in its action, so that `--help` and `--version` load little more than commander.
const program = new Command("baton")
  .description("Baton flow templates: validate, draw and simulate; run them on an engine")
  .version(packageJson.version, "-V, --version", "print the version of baton")
  .addCommand(validateCommand())
  .addCommand(graphCommand())
  .addCommand(simulateCommand())
  .addCommand(compileCommand())
  .addCommand(costCommand())
  .addCommand(devCommand())
  .addCommand(dlqCommand())
  .addCommand(streamRedriveCommand())
  .addCommand(auditCommand())
  .addCommand(startCommand())
  .addCommand(inboxCommand())
  .addCommand(approveCommand())
  .addCommand(rejectCommand())
  .addCommand(statusCommand())
  .addCommand(cancelCommand());

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`baton: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = error instanceof CliError ? error.exitCode : 1;
}
// The local interpreter leaves timers behind for Task states whose branch was stopped; they
// must not keep the command alive once its output is written.
await new Promise((resolve) => process.stdout.write("", resolve));
process.exit();
