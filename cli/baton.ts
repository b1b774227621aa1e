#!/usr/bin/env node
import { Command } from "commander";
import { CliError } from "./cli-error.ts";
import { graphCommand } from "./commands/graph.ts";
import { simulateCommand } from "./commands/simulate.ts";
import { validateCommand } from "./commands/validate.ts";

const program = new Command("baton")
  .description("Baton flow templates: validate, draw and simulate")
  .addCommand(validateCommand())
  .addCommand(graphCommand())
  .addCommand(simulateCommand());

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`baton: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = error instanceof CliError ? error.exitCode : 1;
}
